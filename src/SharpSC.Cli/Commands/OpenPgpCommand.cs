using System.Globalization;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Connection;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Output;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>
/// sharpsc openpgp status | keygen | pin ... | reset: what a GnuPG user does with `gpg --card-edit`, on the OpenPGP
/// application of a card (OpenPGP card 3.4 specification: PW1 the user PIN, PW3 the admin PIN, the resetting code).
/// </summary>
internal static class OpenPgpCommand
{
    internal static readonly OptionSpec AdminPin = new("admin-pin", null, "PIN", "the admin PIN, PW3 (default: asked for on the terminal)");
    internal static readonly OptionSpec AdminPinEnv = new("admin-pin-env", null, "VAR", "take the admin PIN from environment variable VAR");
    private static readonly OptionSpec NewAdminPin = new("new-admin-pin", null, "PIN", "the new admin PIN (default: asked for twice)");
    private static readonly OptionSpec NewAdminPinEnv = new("new-admin-pin-env", null, "VAR", "take the new admin PIN from environment variable VAR");
    internal static readonly OptionSpec ResetCode = new("reset-code", null, "CODE", "the resetting code (at least 8 characters)");
    internal static readonly OptionSpec ResetCodeEnv = new("reset-code-env", null, "VAR", "take the resetting code from environment variable VAR");
    internal static readonly OptionSpec Key = new("key", null, "SLOT", "OpenPGP key slot: sig, dec or aut");

    public static CommandSpec Create(CliEnvironment env) => new("openpgp", "OpenPGP card: status, key generation, PINs, factory reset")
    {
        Options = [Options.Help],
        Details = "The generic commands work on an OpenPGP card too: info, list, dump, export --key, keygen --key, import-cert --key,\n" +
            "pin change, pin unblock (--reset-code or --admin-pin), delete --key K --type cert.",
        Subcommands =
        [
            new("status", "Show the OpenPGP application: AID, keys, fingerprints, signature counter, PIN tries")
            {
                Options = Options.Card,
                Handler = i => Status(i, env),
            },
            new("keygen", "Generate a key in a slot with the algorithm given (sets the algorithm attributes first)")
            {
                Arguments = ["ALGORITHM"],
                RequiredArguments = 1,
                Options = [Key, AdminPin, AdminPinEnv, .. Options.Card],
                Details = "ALGORITHM: rsa2048, rsa3072, rsa4096, nistp256, nistp384, ed25519 (sig, aut), cv25519 (dec).\n" +
                    "The fingerprint and time are written as GnuPG writes them, so 'gpg --card-status' shows the key.\n" +
                    "Same as 'sharpsc keygen --key SLOT ALGORITHM'.\n" +
                    "Example: sharpsc openpgp keygen --key sig ed25519 --admin-pin 12345678",
                Handler = i => Keygen(i, env),
            },
            new("set-attributes", "Set a slot's algorithm attributes without generating a key (what a key imported later must be)")
            {
                Arguments = ["ALGORITHM"],
                RequiredArguments = 1,
                Options = [Key, AdminPin, AdminPinEnv, .. Options.Card],
                Details = "ALGORITHM as for keygen. As 'key-attr' in gpg --card-edit: a key already in the slot is no longer usable.\n" +
                    "Example: sharpsc openpgp set-attributes --key aut nistp384 --admin-pin-env PW3",
                Handler = i => OpenPgpObjectCommands.SetAttributes(i, env),
            },
            new("pin", "Change PW1 or PW3, unblock PW1, set the resetting code")
            {
                Options = [Options.Help],
                Subcommands =
                [
                    new("change", "Change the user PIN (PW1) with the current one")
                    {
                        Options = [Options.Pin, Options.PinEnv, Options.NewPin, Options.NewPinEnv, .. Options.Card],
                        Handler = i => ChangeUserPin(i, env),
                    },
                    new("change-admin", "Change the admin PIN (PW3) with the current one")
                    {
                        Options = [AdminPin, AdminPinEnv, NewAdminPin, NewAdminPinEnv, .. Options.Card],
                        Handler = i => ChangeAdminPin(i, env),
                    },
                    new("unblock", "Set a new user PIN with the resetting code, or with the admin PIN")
                    {
                        Options = [ResetCode, ResetCodeEnv, AdminPin, AdminPinEnv, Options.NewPin, Options.NewPinEnv, .. Options.Card],
                        Details = "Example: sharpsc openpgp pin unblock --reset-code 87654321 --new-pin 123456",
                        Handler = i => Unblock(i, env),
                    },
                    new("set-reset-code", "Set the resetting code (needs the admin PIN)")
                    {
                        Options = [AdminPin, AdminPinEnv, ResetCode, ResetCodeEnv, .. Options.Card],
                        Handler = i => SetResetCode(i, env),
                    },
                ],
            },
            new("reset", "Factory reset: every key, PIN and data object back to the delivery state")
            {
                Options = [AdminPin, AdminPinEnv, .. Options.Card],
                Details = "Without --admin-pin, PW1 and PW3 are blocked first as GnuPG's factory-reset does (works with a forgotten admin PIN).",
                Handler = i => Reset(i, env),
            },
        ],
    };

    internal static int Status(Invocation invocation, CliEnvironment env)
    {
        using var session = CardSession.Open(env, invocation);
        var driver = Require(session);
        var data = driver.ApplicationData;
        var cardholder = driver.ReadCardholderData();
        var counter = driver.ReadSignatureCounter();
        var keys = OpenPgpKeyRefs.All.Select(k => new JsonOpenPgpKey(k.ShortName(), data.AttributesOf(k).ToString(),
            data.HasFingerprint(k) ? Convert.ToHexString(data.FingerprintOf(k)) : null,
            data.GenerationTimes[k.Index()] == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(data.GenerationTimes[k.Index()]).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)))
            .ToList();
        var pw = data.PwStatus;
        var status = new JsonOpenPgpStatus(session.ReaderLabel, data.Aid.HexText, data.Aid.VersionText, data.Aid.ManufacturerName,
            data.Aid.SerialText, cardholder.DisplayName, counter, !pw.Pw1ValidForSeveralSignatures, pw.Pw1Tries, pw.ResettingCodeTries, pw.Pw3Tries, keys);
        Print(env, invocation, status, CliJson.Context.JsonOpenPgpStatus, o =>
        {
            o.WriteLine($"Reader             {status.Reader}");
            o.WriteLine($"Application ID     {status.Aid}");
            o.WriteLine($"Version            {status.Version}");
            o.WriteLine($"Manufacturer       {status.Manufacturer}");
            o.WriteLine($"Serial number      {status.Serial}");
            o.WriteLine($"Cardholder         {(status.Cardholder.Length == 0 ? "[not set]" : status.Cardholder)}");
            o.WriteLine($"Signature PIN      {(status.SignaturePinForced ? "forced (one signature per PIN)" : "not forced")}");
            o.WriteLine($"PIN tries          PW1 {status.Pw1Tries}, reset code {status.ResetCodeTries}, PW3 {status.Pw3Tries}");
            o.WriteLine($"Signature counter  {status.SignatureCounter}");
            foreach (var k in keys)
                o.WriteLine($"Key {k.Slot}            {k.Algorithm,-9} {(k.Fingerprint is { } f ? $"{f} created {k.Created}" : "[none]")}");
        });
        return 0;
    }

    internal static int Keygen(Invocation invocation, CliEnvironment env)
    {
        var key = KeySlot(invocation);
        var attributes = Attributes(invocation, key);
        using var adminPin = env.Secrets.Get(invocation, "admin-pin", "admin PIN");
        using var session = CardSession.Open(env, invocation);
        var driver = Require(session);
        driver.Verify(OpenPgpPassword.Pw3, adminPin.Span);
        if (!driver.ApplicationData.AttributesOf(key).Equals(attributes)) driver.SetAlgorithmAttributes(key, attributes);
        var publicKey = driver.GenerateKey(key);
        var created = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        driver.WriteKeyMetadata(key, publicKey, created);
        var result = new JsonOpenPgpKey(key.ShortName(), attributes.ToString(),
            Convert.ToHexString(OpenPgpFingerprint.Compute(publicKey, (uint)created.ToUnixTimeSeconds())),
            created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Print(env, invocation, result, CliJson.Context.JsonOpenPgpKey,
            o => o.WriteLine($"Generated the {key.ShortName()} key: {result.Algorithm}, fingerprint {result.Fingerprint}"));
        return 0;
    }

    /// <summary>The slot --key names: sig, dec or aut.</summary>
    internal static OpenPgpKeyRef KeySlot(Invocation invocation) =>
        (invocation.Get("key") is { } name ? OpenPgpKeyRefs.FromShortName(name) : null)
        ?? throw new UsageException("--key sig, dec or aut is needed", invocation.Path);

    /// <summary>The algorithm argument as GnuPG names it (ed25519, nistp256, rsa2048) or as the other commands do (ec/prime256v1, rsa/2048).</summary>
    internal static AlgorithmAttributes Attributes(Invocation invocation, OpenPgpKeyRef key)
    {
        var name = invocation.Argument(0)!;
        var bare = name.StartsWith("ec/", StringComparison.OrdinalIgnoreCase) ? name[3..] : name;
        return AlgorithmAttributes.FromName(bare, key)
            ?? throw new UsageException($"unknown algorithm '{name}' for the {key.ShortName()} key", invocation.Path);
    }

    internal static int ChangeUserPin(Invocation invocation, CliEnvironment env)
    {
        using var oldPin = env.Secrets.Get(invocation, "pin", "current PIN");
        using var newPin = env.Secrets.Get(invocation, "new-pin", "new PIN", confirm: true);
        using var session = CardSession.Open(env, invocation);
        Require(session).ChangePassword(OpenPgpPassword.Pw1, oldPin.Span, newPin.Span);
        return Done(env, invocation, "PIN (PW1) changed.");
    }

    private static int ChangeAdminPin(Invocation invocation, CliEnvironment env)
    {
        using var oldPin = env.Secrets.Get(invocation, "admin-pin", "current admin PIN");
        using var newPin = env.Secrets.Get(invocation, "new-admin-pin", "new admin PIN", confirm: true);
        using var session = CardSession.Open(env, invocation);
        Require(session).ChangePassword(OpenPgpPassword.Pw3, oldPin.Span, newPin.Span);
        return Done(env, invocation, "Admin PIN (PW3) changed.");
    }

    internal static int Unblock(Invocation invocation, CliEnvironment env)
    {
        invocation.Exclusive("reset-code", "admin-pin");
        var withAdmin = invocation.Has("admin-pin") || invocation.Has("admin-pin-env");
        using var secret = withAdmin ? env.Secrets.Get(invocation, "admin-pin", "admin PIN") : env.Secrets.Get(invocation, "reset-code", "resetting code");
        using var newPin = env.Secrets.Get(invocation, "new-pin", "new PIN", confirm: true);
        using var session = CardSession.Open(env, invocation);
        var driver = Require(session);
        if (withAdmin)
        {
            driver.Verify(OpenPgpPassword.Pw3, secret.Span);
            driver.ResetPw1WithPw3(newPin.Span);
        }
        else
        {
            driver.ResetPw1WithResettingCode(secret.Span, newPin.Span);
        }
        return Done(env, invocation, "PIN (PW1) unblocked and set.");
    }

    private static int SetResetCode(Invocation invocation, CliEnvironment env)
    {
        using var adminPin = env.Secrets.Get(invocation, "admin-pin", "admin PIN");
        using var code = env.Secrets.Get(invocation, "reset-code", "new resetting code", confirm: true);
        using var session = CardSession.Open(env, invocation);
        var driver = Require(session);
        driver.Verify(OpenPgpPassword.Pw3, adminPin.Span);
        driver.SetResettingCode(code.Span);
        return Done(env, invocation, "Resetting code set.");
    }

    private static int Reset(Invocation invocation, CliEnvironment env)
    {
        using var session = CardSession.Open(env, invocation);
        var driver = Require(session);
        if (invocation.Has("admin-pin") || invocation.Has("admin-pin-env"))
        {
            using var adminPin = env.Secrets.Get(invocation, "admin-pin", "admin PIN");
            driver.FactoryReset(adminPin.Span);
        }
        else
        {
            driver.FactoryReset([]);
        }
        return Done(env, invocation, "OpenPGP application reset to its delivery state (PW1 123456, PW3 12345678).");
    }

    internal static OpenPgpDriver Require(CardSession session) => session.Driver as OpenPgpDriver
        ?? throw new CliException(ExitCodes.NotSupported, $"the application in reader {session.ReaderLabel} is not an OpenPGP card application (try --app openpgp)");

    internal static int Done(CliEnvironment env, Invocation invocation, string message)
    {
        Print(env, invocation, new JsonSteps([message]), CliJson.Context.JsonSteps, o => o.WriteLine(message));
        return 0;
    }
}
