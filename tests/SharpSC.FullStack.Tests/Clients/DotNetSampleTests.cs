using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using SharpSC.FullStack.Tests.OpenPgp;
using SharpSC.FullStack.Tests.Piv;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// samples/dotnet/SharpSC.Sample, a Pkcs11Interop console program, built with the SDK and run against
/// the module: it lists the token and signs with the RSA and the EC key, choosing a mechanism the
/// token signs with.
/// </summary>
public abstract class DotNetSampleTests<TCard>(TCard card) where TCard : ClientCard
{
    protected TCard Card { get; } = card;

    /// <summary>The mechanism and digest the sample should pick for the EC key on this card.</summary>
    protected abstract (string Mechanism, string Digest) EcSignature { get; }

    private static ProcessResult Sample(string? pin, params string[] args) => SampleProgram.Run(pin, args);

    [Fact]
    public void List_shows_the_token_and_its_public_objects()
    {
        var r = Sample(null, "list");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{Card.ReaderName}: token \"{ClientCard.TokenLabel}\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("certificate: id 01", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("RSA public key: id 01 label \"rsa2048\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("EC public key: id 03 label \"ecp256\"", r.StdOut, StringComparison.Ordinal);
    }

    private void SignAndVerify(string id, string publicKeyPem, string mechanism, string digest) =>
        SampleProgram.SignAndVerify(Card.Dir, ClientCard.TokenLabel, ClientCard.Pin, id, publicKeyPem, $"using {mechanism} (digest {digest});");

    [Fact]
    public void Sign_with_the_rsa_key_makes_a_signature_openssl_verifies() =>
        SignAndVerify(ClientCard.RsaId, Card.RsaPublicKeyPem, "CKM_SHA256_RSA_PKCS", "sha256");

    [Fact]
    public void Sign_with_the_ec_key_picks_a_mechanism_the_card_signs_with_and_openssl_verifies() =>
        SignAndVerify(ClientCard.EcId, Card.EcPublicKeyPem, EcSignature.Mechanism, EcSignature.Digest);

    [Fact]
    public void A_wrong_pin_is_reported_in_one_line()
    {
        var data = Card.Dir.File("sample-data.txt");
        File.WriteAllText(data, "not signed\n");
        var sig = Card.Dir.File("never.sig");
        var r = Sample("999999", "sign", "--id", ClientCard.RsaId, "--in", data, "--out", sig, "--token", ClientCard.TokenLabel);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("sharpsc-sample: wrong PIN (the card counts the failure)", r.StdErr.Trim());
        Assert.False(File.Exists(sig));
    }
}

/// <summary>The sample, built once per test run with the SDK as a user builds it.</summary>
public static class SampleProgram
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Path => Built.Value;

    public static ProcessResult Run(string? pin, params string[] args) =>
        ProcessRunner.Run("dotnet", [Path, "--module", Module.Path, .. args], new Dictionary<string, string?> { ["SHARPSC_PIN"] = pin }, stdin: "");

    /// <summary>
    /// The sample signs a file with the key <paramref name="id"/> of <paramref name="token"/>, says <paramref name="expected"/>
    /// (mechanism, digest, whether it gave the PIN again), and OpenSSL verifies the signature with <paramref name="publicKeyPem"/>.
    /// </summary>
    public static void SignAndVerify(TempDir dir, string token, string pin, string id, string publicKeyPem, string expected)
    {
        var data = dir.File("sample-data.txt");
        File.WriteAllText(data, "signed by a .NET program\n");
        var sig = dir.File($"sample-{id}.sig");
        var r = Run(pin, "sign", "--id", id, "--in", data, "--out", sig, "--token", token);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(expected, r.StdOut, StringComparison.Ordinal);
        var digest = System.Text.RegularExpressions.Regex.Match(r.StdOut, @"\(digest (\w+)\)").Groups[1].Value;
        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", publicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private static string Build()
    {
        var output = new TempDir("sharpsc-sample-build");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => output.Dispose();
        var r = ProcessRunner.Run("dotnet", ["build", Samples.PathOf("dotnet", "SharpSC.Sample", "SharpSC.Sample.csproj"), "-c", "Release",
            "-o", output.Path, "--nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException("the sample does not build: " + r);
        return output.File("sharpsc-sample.dll");
    }
}

/// <summary>IsoApplet v0 hashes ECDSA input on the card with SHA-1: CKM_ECDSA_SHA1 is its one EC signature.</summary>
[Collection(PcscCollection.Name)]
public sealed class DotNetSampleOnV0Card(OpenScV0Card card) : DotNetSampleTests<OpenScV0Card>(card), IClassFixture<OpenScV0Card>
{
    protected override (string Mechanism, string Digest) EcSignature => ("CKM_ECDSA_SHA1", "sha1");
}

[Collection(PcscCollection.Name)]
public sealed class DotNetSampleOnV1Card(SharpscV1Card card) : DotNetSampleTests<SharpscV1Card>(card), IClassFixture<SharpscV1Card>
{
    protected override (string Mechanism, string Digest) EcSignature => ("CKM_ECDSA_SHA256", "sha256");
}

/// <summary>
/// The sample on the virtual YubiKey yubico-piv-tool personalised: 9A (RSA) after the login, 9C (P-256), which wants
/// the PIN for every signature (CKA_ALWAYS_AUTHENTICATE, C_Login as CKU_CONTEXT_SPECIFIC), and 9E (P-256) that needs none.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class DotNetSampleOnPivCard(YubicoPivToolCard card) : IClassFixture<YubicoPivToolCard>
{
    private static string Token => $"YubiKey PIV #{PivReader.Serial()}";

    [Fact]
    public void List_shows_the_piv_token_and_its_slots()
    {
        var r = SampleProgram.Run(null, "list");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{PivReader.Name}: token \"{Token}\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("RSA public key: id 01 label \"PIV AUTH pubkey\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("EC public key: id 02 label \"SIGN pubkey\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("certificate: id 04 label \"Certificate for Card Authentication\"", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_with_9a_after_the_login() =>
        SampleProgram.SignAndVerify(card.Dir, Token, PivReader.Pin, "01", card.PublicKeyPem("9a"), "using CKM_SHA256_RSA_PKCS (digest sha256);");

    [Fact]
    public void Sign_with_9c_gives_the_pin_again_for_the_signature() =>
        SampleProgram.SignAndVerify(card.Dir, Token, PivReader.Pin, "02", card.PublicKeyPem("9c"), "(digest sha256), the PIN given again for the key;");

    [Fact]
    public void Sign_with_9e_needs_no_second_pin() =>
        SampleProgram.SignAndVerify(card.Dir, Token, PivReader.Pin, "04", card.PublicKeyPem("9e"), "(digest sha256);");
}

/// <summary>
/// The sample on the virtual OpenPGP card with keys the module generated: the signature key (RSA-2048, id 01), whose PW1
/// holds for one signature (CKA_ALWAYS_AUTHENTICATE), and the authentication key (P-256, id 03).
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class DotNetSampleOnOpenPgpCard : IDisposable
{
    private readonly OpenPgpCard _card = new();
    private readonly string _token;

    public DotNetSampleOnOpenPgpCard()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, OpenPgpCard.Reader);
        _token = slot.GetTokenInfo().Label;
        using var so = slot.OpenSession(SessionType.ReadWrite);
        so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
        OpenPgpCard.GenerateRsa(so, 1, 2048);
        OpenPgpCard.GenerateP256(so, 3);
        File.WriteAllText(_card.Dir.File("sig.pem"), OpenPgpCard.RsaPublic(so, 1).ExportSubjectPublicKeyInfoPem());
        var point = so.GetAttributeValue(OpenPgpCard.FindKey(so, CKO.CKO_PUBLIC_KEY, 3), [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[3..35], Y = point[35..67] } });
        File.WriteAllText(_card.Dir.File("aut.pem"), ec.ExportSubjectPublicKeyInfoPem());
    }

    [Fact]
    public void Sign_with_the_signature_key_gives_pw1_again_and_with_the_authentication_key_after_the_login()
    {
        SampleProgram.SignAndVerify(_card.Dir, _token, OpenPgpCard.Pw1, "01", _card.Dir.File("sig.pem"),
            "using CKM_SHA256_RSA_PKCS (digest sha256), the PIN given again for the key;");
        SampleProgram.SignAndVerify(_card.Dir, _token, OpenPgpCard.Pw1, "03", _card.Dir.File("aut.pem"), "(digest sha256);");
    }

    public void Dispose() => _card.Dispose();
}
