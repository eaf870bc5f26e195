using System.Diagnostics;
using SharpSC.TestSupport;

namespace SharpSC.Benchmarks;

/// <summary>
/// A freshly personalised virtual card: PIN/PUK, an RSA-2048 key (id 01) and an EC P-256 key (id 03),
/// each with a certificate from a throwaway CA. v0 is personalised by OpenSC's pkcs15-init (what a v0
/// user has), v1 by our own CLI (OpenSC 0.23 cannot drive the v1 applet); PIV and OpenPGP in BenchCard.Applications.cs.
/// </summary>
public sealed partial class BenchCard : IDisposable
{
    public const string Pin = "123456";
    public const string Puk = "0123456789abcdef";

    private readonly TempDir _dir;
    private readonly Stopwatch _sincePersonalised = new();

    /// <summary>PEM public key of the key each sign workflow uses ("rsa", "ec"), for checking its signatures.</summary>
    private readonly Dictionary<string, string> _publicKeys = [];

    public CardGeneration Generation { get; }

    public VirtualCardProcess Card { get; }

    public string Reader => Card.ReaderName;

    private BenchCard(CardGeneration generation, TempDir dir, VirtualCardProcess card)
    {
        Generation = generation;
        _dir = dir;
        Card = card;
    }

    public static BenchCard Personalise(CardGeneration generation, int port, string? cli = null, bool v0BySharpSc = false)
    {
        var dir = new TempDir("sharpsc-bench-card");
        var card = VirtualCardProcess.Start(port, dir.File("card.state"), generation.Name());
        var bench = new BenchCard(generation, dir, card);
        try
        {
            if (generation == CardGeneration.Piv) bench.PersonalisePivWithYubicoPivTool();
            else if (generation == CardGeneration.OpenPgp) bench.PersonaliseOpenPgpWithPkcs11Tool();
            else if (generation == CardGeneration.MyEid) bench.PersonaliseMyEidWithOpenSc();
            else if (generation == CardGeneration.V0 && !v0BySharpSc) bench.PersonaliseWithOpenSc();
            else bench.PersonaliseWithSharpSc(cli ?? RepoPaths.Bin("sharpsc"));
            bench._sincePersonalised.Start();
            return bench;
        }
        catch
        {
            bench.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Our module serves its file cache only once TokenInfo's lastUpdate is a few seconds old (a change
    /// in the same second would leave TokenInfo byte-identical); warm runs wait for that.
    /// </summary>
    public void WaitUntilCacheable()
    {
        var left = TimeSpan.FromSeconds(4.5) - _sincePersonalised.Elapsed;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
    }

    /// <summary>
    /// Does openssl accept the first signature of a sign workflow over <see cref="Workflow.Message"/>
    /// with the card key's public key? Returns openssl's complaint, or null when it verifies.
    /// </summary>
    public string? SignatureProblem(Workflow workflow, HostResult result)
    {
        if (workflow.HostWorkflow != "sign") return null;
        if (result.Signature is not { } sig) return "the host printed no signature";
        var pem = _publicKeys[workflow.Key];
        var der = workflow.Key == "ec" ? OpenSsl.EcdsaRawToDer(sig) : sig;
        var r = OpenSsl.VerifySignature(_dir, pem, System.Text.Encoding.ASCII.GetBytes(Workflow.Message), der, workflow.Digest(Generation));
        return r.ExitCode == 0 ? null : $"the {workflow.MechanismName(Generation)} signature does not verify ({r.All.Trim().Split('\n')[0]})";
    }

    /// <summary>APDUs and bytes the card answered since the last call.</summary>
    public CardTraffic TakeTraffic()
    {
        var stats = Card.ParseStats();
        var reset = Card.Control("stats reset");
        if (reset != "ok") throw new InvalidOperationException("the card did not reset its statistics: " + reset);
        return new CardTraffic(stats["apdus"], stats["bytes_in"], stats["bytes_out"]);
    }

    private void PersonaliseWithOpenSc()
    {
        var r = Pcscd.OpenScReaderIndex(Reader).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Run("pkcs15-init", "-r", r, "-C", "--so-pin", Pin, "--so-puk", Puk, "--label", "Bench");
        foreach (var (id, spec, label, usage) in Keys)
        {
            Run("pkcs15-init", "-r", r, "--generate-key", spec, "--id", id, "--auth-id", "FF", "--key-usage", usage,
                "--pin", Pin, "--label", label);
            var pub = _dir.File($"pub-{id}.pem");
            Run("pkcs15-tool", "-r", r, "--read-public-key", id, "-o", pub);
            var cert = Certify(id, pub);
            Run("pkcs15-init", "-r", r, "-X", cert, "--id", id, "--auth-id", "FF", "--pin", Pin, "--format", "pem");
        }
    }

    /// <summary>OpenSC's own MyEID flow (myeid profile): SO PIN, user PIN 01 with its PUK, keys under PIN 01.</summary>
    private void PersonaliseMyEidWithOpenSc()
    {
        var r = Pcscd.OpenScReaderIndex(Reader).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Run("pkcs15-init", "-r", r, "-E");
        Run("pkcs15-init", "-r", r, "-C", "--so-pin", MyEidSoPin, "--so-puk", MyEidSoPin, "--label", "Bench");
        Run("pkcs15-init", "-r", r, "--store-pin", "--id", "01", "--pin", Pin, "--puk", MyEidPuk, "--so-pin", MyEidSoPin, "--label", "User PIN");
        foreach (var (id, spec, label, usage) in Keys)
        {
            Run("pkcs15-init", "-r", r, "--generate-key", spec, "--id", id, "--auth-id", "01", "--key-usage", usage,
                "--pin", Pin, "--label", label);
            var pub = _dir.File($"pub-{id}.pem");
            Run("pkcs15-tool", "-r", r, "--read-public-key", id, "-o", pub);
            var cert = Certify(id, pub);
            Run("pkcs15-init", "-r", r, "-X", cert, "--id", id, "--auth-id", "01", "--pin", Pin, "--format", "pem", "--label", label);
        }
    }

    // MyEID PINs and PUKs are 4 to 8 characters.
    private const string MyEidSoPin = "00000000";
    private const string MyEidPuk = "12345678";

    private void PersonaliseWithSharpSc(string cli)
    {
        if (!File.Exists(cli) || ProcessRunner.Run(cli, "help", "init").ExitCode != 0)
            throw new CardNotPersonalisedException($"{cli} cannot personalise the card (it has no 'init' command): build the CLI or pass --cli");
        Run(cli, "init", "--reader", Reader, "--label", "Bench", "--pin", Pin, "--puk", Puk);
        foreach (var (id, spec, label, usage) in Keys)
        {
            var generated = Run(cli, "keygen", spec, "--reader", Reader, "--id", id, "--label", label, "--usage", usage, "--pin", Pin);
            var pub = _dir.File($"pub-{id}.pem");
            File.WriteAllText(pub, PemBlock(generated.StdOut, "PUBLIC KEY", cli));
            var cert = Certify(id, pub);
            Run(cli, "import-cert", cert, "--reader", Reader, "--id", id, "--pin", Pin);
        }
    }

    private static readonly (string Id, string Spec, string Label, string Usage)[] Keys =
    [
        ("01", "rsa/2048", "rsa2048", "sign,decrypt"),
        ("03", "ec/prime256v1", "ecp256", "sign"),
    ];

    private string Certify(string id, string publicKeyPem)
    {
        foreach (var key in Keys.Where(k => k.Id == id)) _publicKeys[key.Spec.Split('/')[0]] = publicKeyPem;
        var cert = _dir.File($"cert-{id}.pem");
        TestCa.Issue(_dir, publicKeyPem, $"/CN=bench-{Generation.Name()}-{id}", cert);
        return cert;
    }

    private static string PemBlock(string text, string label, string tool)
    {
        var begin = text.IndexOf($"-----BEGIN {label}-----", StringComparison.Ordinal);
        var endMarker = $"-----END {label}-----";
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin) throw new InvalidOperationException($"{tool} printed no {label} PEM block:\n{text}");
        return text[begin..(end + endMarker.Length)] + "\n";
    }

    private static ProcessResult Run(string tool, params string[] args) => ProcessRunner.RunChecked(tool, args);

    public void Dispose()
    {
        Card.Dispose();
        _dir.Dispose();
    }
}

/// <summary>What the card saw of one run (docs/VIRTUALCARD.md, control request "stats").</summary>
public readonly record struct CardTraffic(long Apdus, long BytesIn, long BytesOut)
{
    public long Bytes => BytesIn + BytesOut;
}

/// <summary>The tool that would personalise a card is not there: that card is left out of the run.</summary>
public sealed class CardNotPersonalisedException(string message) : Exception(message);
