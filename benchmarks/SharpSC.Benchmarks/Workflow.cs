using System.Globalization;

namespace SharpSC.Benchmarks;

/// <summary>One workflow of issue 8, as arguments of the p11bench host.</summary>
public sealed record Workflow(string Id, string Title, string HostWorkflow, string Key, int Signatures, int Threads, int ApduDelayMs = 0)
{
    /// <summary>Part of the chart (the throughput and slow-card runs are not).</summary>
    public bool Headline => Id.Length == 1;

    /// <summary>What every signature signs.</summary>
    public const string Message = "SharpSC benchmark: the data a TLS client signs is about this long.";

    public IReadOnlyList<string> HostArguments(CardGeneration card, string reader, string pin)
    {
        var args = new List<string> { "--reader", reader, "--pin", pin };
        if (HostWorkflow != "sign") return args;
        if (card.SignKeyId() is { } id) args.AddRange(["--id", id]);
        args.AddRange(["--message", Message, "--key", Key, "--mech", Mechanism(card).ToString("x", CultureInfo.InvariantCulture),
            "--count", Signatures.ToString(CultureInfo.InvariantCulture), "--threads", Threads.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }

    /// <summary>
    /// The signature mechanism. IsoApplet v0 hashes ECDSA input with SHA-1 on the card, so CKM_ECDSA_SHA1 is
    /// the only ECDSA mechanism it does correctly, for both modules; v1 signs a SHA-256 hash.
    /// </summary>
    public ulong Mechanism(CardGeneration card) => Key == "rsa" ? Mechanisms.Sha256RsaPkcs
        : card == CardGeneration.V0 ? Mechanisms.EcdsaSha1 : Mechanisms.EcdsaSha256;

    /// <summary>The openssl digest name that verifies the mechanism's signatures.</summary>
    public string Digest(CardGeneration card) => Mechanism(card) == Mechanisms.EcdsaSha1 ? "sha1" : "sha256";

    public string MechanismName(CardGeneration card) => Mechanism(card) switch
    {
        Mechanisms.Sha256RsaPkcs => "CKM_SHA256_RSA_PKCS",
        Mechanisms.EcdsaSha1 => "CKM_ECDSA_SHA1",
        _ => "CKM_ECDSA_SHA256",
    };

    public static readonly Workflow Info = new("a", "initialize, slot list, token info", "info", "", 0, 0);
    public static readonly Workflow Objects = new("b", "find all objects without login, read every certificate", "objects", "", 0, 0);
    public static readonly Workflow SignRsa = new("c", "login + 1 RSA-2048 signature", "sign", "rsa", 1, 1);
    public static readonly Workflow SignEc = new("d", "login + 1 ECDSA P-256 signature", "sign", "ec", 1, 1);
    public static readonly Workflow HundredRsa = new("e", "login + 100 RSA-2048 signatures, one session", "sign", "rsa", 100, 1);
    public static readonly Workflow HundredEc = new("e-ec", "login + 100 ECDSA P-256 signatures, one session", "sign", "ec", 100, 1);
    public static readonly Workflow ThreadsRsa = new("t4", "login + 100 RSA-2048 signatures, 4 threads on 4 sessions", "sign", "rsa", 101, 4);
    public static readonly Workflow ThreadsEc = new("t4-ec", "login + 100 ECDSA P-256 signatures, 4 threads on 4 sessions", "sign", "ec", 101, 4);

    /// <summary>
    /// A real card takes 5–50 ms per APDU; the virtual card answers in well under one. These runs have
    /// the card answer every APDU 10 ms late (fault "delay=10 count=*"), the latency a user would see.
    /// </summary>
    public const int SlowCardDelayMs = 10;

    public static readonly Workflow InfoSlowCard = Info with { Id = "a10", Title = Info.Title + $", card +{SlowCardDelayMs} ms/APDU", ApduDelayMs = SlowCardDelayMs };
    public static readonly Workflow ObjectsSlowCard = Objects with { Id = "b10", Title = Objects.Title + $", card +{SlowCardDelayMs} ms/APDU", ApduDelayMs = SlowCardDelayMs };

    public static readonly IReadOnlyList<Workflow> All =
        [Info, Objects, SignRsa, SignEc, HundredRsa, HundredEc, ThreadsRsa, ThreadsEc, InfoSlowCard, ObjectsSlowCard];
}

/// <summary>PKCS#11 3.0 mechanism numbers the benchmark uses (§6).</summary>
public static class Mechanisms
{
    public const ulong Sha256RsaPkcs = 0x40;
    public const ulong EcdsaSha1 = 0x1042;
    public const ulong EcdsaSha256 = 0x1044;
}
