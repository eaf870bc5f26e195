using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>sharpsc piv generate | import-cert | read-cert | delete-cert | attest: the key and certificate of a slot.</summary>
internal static class PivKeyCommands
{
    public static IEnumerable<CommandSpec> Create(CliEnvironment env) =>
    [
        new("generate", "Generate a key pair in a slot (needs the management key)")
        {
            Arguments = ["ALGORITHM"],
            RequiredArguments = 1,
            Options = [PivCommand.Slot, PivCommand.PinPolicy, PivCommand.TouchPolicy, .. PivCommand.ManagementKey, .. PivCommand.Card],
            Details = """
                ALGORITHM: rsa/1024, rsa/2048, ec/prime256v1, ec/secp384r1. Prints the public key (PEM).
                Same as 'sharpsc keygen --slot SLOT ALGORITHM'. The slot's old certificate is deleted (it certifies the key that is gone); a retired slot is counted
                in the key history object so that OpenSC and the module find it.
                Example: sharpsc piv generate ec/prime256v1 --slot 9e --mgm-key-env PIV_MGM_KEY
                """,
            Handler = i => Generate(i, env),
        },
        new("import-cert", "Write a certificate (PEM or DER) into a slot (needs the management key)")
        {
            Arguments = ["FILE"],
            RequiredArguments = 1,
            Options = [PivCommand.Slot, PivCommand.Compress, .. PivCommand.ManagementKey, .. PivCommand.Card],
            Details = "Same as 'sharpsc import-cert --slot SLOT FILE'. Example: sharpsc piv import-cert cert.pem --slot 9a",
            Handler = i => ImportCertificate(i, env),
        },
        new("read-cert", "Print the certificate of a slot (PEM)")
        {
            Options = [PivCommand.Slot, .. PivCommand.Card],
            Details = "Slot f9 is the attestation key's certificate. Example: sharpsc piv read-cert --slot 9a > 9a.pem",
            Handler = i => ReadCertificate(i, env),
        },
        new("delete-cert", "Delete the certificate of a slot (needs the management key; the key stays)")
        {
            Options = [PivCommand.Slot, .. PivCommand.ManagementKey, .. PivCommand.Card],
            Handler = i => DeleteCertificate(i, env),
        },
        new("attest", "Print a certificate, signed by the attestation key (f9), that the slot's key was generated on the card")
        {
            Arguments = ["SLOT"],
            Options = [PivCommand.Slot, .. PivCommand.Card],
            Details = "YubiKey only; a key imported into the slot cannot be attested. Example: sharpsc piv attest 9e",
            Handler = i => Attest(i, env),
        },
    ];

    internal static int Generate(Invocation invocation, CliEnvironment env)
    {
        var spec = ParseAlgorithm(invocation, invocation.Argument(0)!);
        var slot = PivSession.Slot(invocation);
        var policy = PinPolicy(invocation);
        var touch = TouchPolicy(invocation);
        using var key = PivManagementKeySource.Get(env, invocation);
        using var piv = PivSession.Open(env, invocation);
        piv.AuthenticateManagementKey(key);
        var watch = Stopwatch.StartNew();
        var publicKey = piv.Driver.GenerateKeyPair(slot, spec, policy, touch);
        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 2);
        var contents = new PivCardContents(piv.Driver);
        if (contents.CertificateOf(slot) is not null)
            piv.Driver.DeleteCertificate(slot);
        contents.CoverRetiredSlot(slot);
        var pem = PublicKeyPem(PublicKeyEncoding.SubjectPublicKeyInfo(publicKey));
        var result = new JsonPivKey(PivSession.SlotName(slot), spec.ToString(), pem, seconds);
        Print(env, invocation, result, CliJson.Context.JsonPivKey, o =>
        {
            o.WriteLine($"Generated an {spec} key in slot {result.Slot} ({slot.Name}, module id {slot.OpenScId:X2}) in {seconds:0.0} s");
            o.Write(pem);
        });
        return 0;
    }

    internal static PivPinPolicy PinPolicy(Invocation invocation) => invocation.Get("pin-policy")?.ToLowerInvariant() switch
    {
        null or "default" => PivPinPolicy.Default,
        "never" => PivPinPolicy.Never,
        "once" => PivPinPolicy.Once,
        "always" => PivPinPolicy.Always,
        var other => throw invocation.Error($"'{other}' is no PIN policy: default, never, once or always"),
    };

    internal static PivTouchPolicy TouchPolicy(Invocation invocation) => invocation.Get("touch-policy")?.ToLowerInvariant() switch
    {
        null or "default" => PivTouchPolicy.Default,
        "never" => PivTouchPolicy.Never,
        "always" => PivTouchPolicy.Always,
        "cached" => PivTouchPolicy.Cached,
        var other => throw invocation.Error($"'{other}' is no touch policy: default, never, always or cached"),
    };

    internal static int ImportCertificate(Invocation invocation, CliEnvironment env)
    {
        var slot = PivSession.Slot(invocation);
        var path = invocation.Argument(0)!;
        using var certificate = LoadCertificate(ReadInput(env, path), path);
        using var key = PivManagementKeySource.Get(env, invocation);
        using var piv = PivSession.Open(env, invocation);
        piv.AuthenticateManagementKey(key);
        piv.Driver.WriteCertificate(slot, certificate.RawData, compress: invocation.Has("compress"));
        new PivCardContents(piv.Driver).CoverRetiredSlot(slot);
        return Done(env, invocation, $"Certificate \"{certificate.Subject}\" written to slot {PivSession.SlotName(slot)}.");
    }

    internal static int ReadCertificate(Invocation invocation, CliEnvironment env)
    {
        var slot = PivSession.Slot(invocation, allowAttestation: true);
        using var piv = PivSession.Open(env, invocation);
        var der = piv.Driver.ReadCertificate(slot)
            ?? throw new CliException(ExitCodes.Failure, $"slot {PivSession.SlotName(slot)} has no certificate");
        return PrintCertificate(env, invocation, slot, der);
    }

    internal static int DeleteCertificate(Invocation invocation, CliEnvironment env)
    {
        var slot = PivSession.Slot(invocation);
        using var key = PivManagementKeySource.Get(env, invocation);
        using var piv = PivSession.Open(env, invocation);
        if (piv.Driver.ReadCertificate(slot) is null)
            throw new CliException(ExitCodes.Failure, $"slot {PivSession.SlotName(slot)} has no certificate");
        piv.AuthenticateManagementKey(key);
        piv.Driver.DeleteCertificate(slot);
        return Done(env, invocation, $"Certificate of slot {PivSession.SlotName(slot)} deleted.");
    }

    private static int Attest(Invocation invocation, CliEnvironment env)
    {
        var slot = PivSession.Slot(invocation, positional: true);
        using var piv = PivSession.Open(env, invocation);
        return PrintCertificate(env, invocation, slot, piv.Driver.Attest(slot));
    }

    private static int PrintCertificate(CliEnvironment env, Invocation invocation, PivSlot slot, byte[] der)
    {
        var pem = Pem("CERTIFICATE", der);
        Print(env, invocation, new JsonPivCertificate(PivSession.SlotName(slot), pem), CliJson.Context.JsonPivCertificate, o => o.Write(pem));
        return 0;
    }

    /// <summary>A certificate file, PEM or DER.</summary>
    internal static X509Certificate2 LoadCertificate(byte[] bytes, string path)
    {
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException e)
        {
            throw new CliException(ExitCodes.BadInput, $"{path} is not an X.509 certificate (PEM or DER): {e.Message}", e);
        }
    }

    internal static int Done(CliEnvironment env, Invocation invocation, string message)
    {
        Print(env, invocation, new JsonSteps([message]), CliJson.Context.JsonSteps, o => o.WriteLine(message));
        return 0;
    }
}
