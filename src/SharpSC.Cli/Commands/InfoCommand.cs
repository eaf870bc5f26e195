using System.Globalization;
using SharpSC.Cards.Drivers;
using SharpSC.Cards.Keys;
using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc info: driver, applet version, features, key slots, serial, PIN tries left, token.</summary>
internal static class InfoCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("info", "Show the card: driver, applet version, features, serial, PIN tries left")
    {
        Options = Options.Card,
        Details = """
            Reads the card without changing it and without the PIN (asking for the tries left costs no try).
            A PIV card: version, serial, PIN and PUK tries, management key, each slot's key (algorithm, PIN and touch
            policy, generated or imported) and certificate, as 'sharpsc piv status'. An OpenPGP card: AID, manufacturer,
            serial, key attributes, fingerprints, signature counter, tries, as 'sharpsc openpgp status'.
            """,
        Handler = i => CardFamilies.Dispatch(env, i, () => Run(i, env), () => Piv.PivStatusCommand.Run(i, env), () => OpenPgpCommand.Status(i, env)),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        using var session = CardSession.Open(env, invocation);
        var driver = session.Driver;
        var caps = driver.Capabilities;
        Pkcs15Card? card = null;
        string? structureNote;
        try
        {
            card = session.ReadStructure();
            structureNote = card.MissingReason;
        }
        catch (Pkcs15FormatException e)
        {
            structureNote = "malformed: " + e.Message;
        }
        var app = card?.Application;
        JsonPinStatus? pin = null;
        if (Pkcs15Pins.UserPinReference(app, driver) is { } reference)
        {
            var status = driver.GetPinStatus(reference);
            pin = new JsonPinStatus(status.VerificationRequired, status.TriesLeft, status.Blocked);
        }
        var features = Enum.GetValues<CardFeatures>().Where(f => f != CardFeatures.None && caps.Has(f)).Select(FeatureName).ToList();
        var algorithms = caps.Algorithms.Select(a => a.Algorithm == KeyAlgorithm.Rsa ? $"rsa/{a.KeySizeBits}" : $"ec/{a.Curve}")
            .Distinct().ToList();
        var slotsUsed = app?.PrivateKeys.Select(k => k.Key.KeyReference).OfType<int>().Distinct().Count();
        var info = new JsonInfo(session.Reader.Name, Convert.ToHexString(session.Transport.Atr.Span), driver.Name, driver.Version, features, algorithms,
            caps.KeySlots, slotsUsed, caps.SerialNumber is { } s ? Convert.ToHexString(s) : null, caps.SerialNumberNote, pin,
            app is null ? null : CardView.Token(app.TokenInfo));
        Print(env, invocation, info, CliJson.Context.JsonInfo, o =>
        {
            TextBlock.Write(o, [
                ("Reader", session.ReaderLabel),
                ("ATR", Hex(session.Transport.Atr.Span)),
                ("Driver", $"{driver.Name} ({driver.Version})"),
                ("Applications", session.Applications.Found.Count > 1
                    ? string.Join(", ", session.Applications.Found.Select((a, i) => $"{i}: {a.Name}")) + " (choose with --app)"
                    : null),
                ("Features", string.Join(", ", features)),
                ("Algorithms", string.Join(", ", algorithms)),
                ("Key slots", caps.KeySlots is int n ? $"{n} ({slotsUsed ?? 0} in use)" : null),
                ("Card serial", info.CardSerial ?? caps.SerialNumberNote),
                ("PIN", PinText(pin)),
                ("Token", app is null ? $"none ({structureNote})" : $"\"{app.TokenInfo.Label}\", serial {app.TokenInfo.SerialNumberHex}, manufacturer {app.TokenInfo.ManufacturerId}"),
                ("Objects", app is null ? null : string.Create(CultureInfo.InvariantCulture,
                    $"{app.PrivateKeys.Count} private keys, {app.PublicKeys.Count} public keys, {app.Certificates.Count} certificates, {app.DataObjects.Count} data objects")),
            ], indent: 0);
        });
        return 0;
    }

    private static string? PinText(JsonPinStatus? pin) => pin switch
    {
        null => null,
        { Set: false } => "not set (blank applet: 'sharpsc init' sets it)",
        { Blocked: true } => "blocked: unblock it with 'sharpsc pin unblock'",
        { TriesLeft: int n } => $"{n} {(n == 1 ? "try" : "tries")} left",
        _ => "set",
    };

    private static string FeatureName(CardFeatures feature) => feature switch
    {
        CardFeatures.ExtendedApdu => "extended APDUs",
        CardFeatures.CommandChaining => "command chaining",
        CardFeatures.SecureRandom => "secure random",
        CardFeatures.Ecc => "ECC",
        CardFeatures.RsaPss => "RSA-PSS",
        CardFeatures.Rsa4096 => "RSA-4096",
        CardFeatures.KeyGeneration => "key generation",
        CardFeatures.KeyImport => "key import",
        CardFeatures.FileCreation => "file creation",
        _ => feature.ToString(),
    };
}
