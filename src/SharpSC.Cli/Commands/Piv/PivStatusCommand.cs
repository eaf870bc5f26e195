using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>sharpsc piv status: version, serial, PIN/PUK tries, management key, and each slot's key and certificate.</summary>
internal static class PivStatusCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("status", "Show the PIV application: version, serial, tries left, slots")
    {
        Options = PivCommand.Card,
        Details = "Reads the card without the PIN (asking for the tries left costs no try).",
        Handler = i => Run(i, env),
    };

    internal static int Run(Invocation invocation, CliEnvironment env)
    {
        using var piv = PivSession.Open(env, invocation);
        var driver = piv.Driver;
        // GET VERSION once, so that the driver's version names the firmware ("YubiKey PIV 5.4.3").
        _ = driver.FirmwareVersion;
        var contents = new PivCardContents(driver);
        var pin = driver.GetPinMetadata(PivDriver.Pin.Reference);
        var puk = driver.GetPinMetadata(PivDriver.Puk.Reference);
        var pinTries = pin?.TriesLeft ?? driver.PinTries().TriesLeft;
        var management = driver.GetManagementKeyMetadata();
        var slots = contents.Keys().Select(k => Slot(contents, k)).ToList();
        var status = new JsonPivStatus(piv.Card.Reader.Name, driver.Version, driver.YubicoSerial?.ToString(CultureInfo.InvariantCulture),
            pinTries, puk?.TriesLeft, pin?.IsDefault, management is null ? null : PivAlgorithms.ManagementKeyName(management.Algorithm),
            management?.IsDefault, slots);
        Print(env, invocation, status, CliJson.Context.JsonPivStatus, o =>
        {
            TextBlock.Write(o, [
                ("Reader", piv.Card.ReaderLabel),
                ("Application", $"{driver.Name} ({driver.Version})"),
                ("Serial", status.Serial),
                ("PIN", status.PinTriesLeft is int n ? $"{n} {(n == 1 ? "try" : "tries")} left" + (status.PinIsDefault == true ? " (factory PIN)" : "") : null),
                ("PUK", status.PukTriesLeft is int p ? $"{p} {(p == 1 ? "try" : "tries")} left" : null),
                ("Management key", status.ManagementKey is { } m ? m + (status.ManagementKeyIsDefault == true ? " (factory key: change it with 'sharpsc piv set-mgm-key')" : "") : null),
            ], indent: 0);
            foreach (var s in slots)
            {
                o.WriteLine($"Slot {s.Slot} ({s.Name}), id {s.Id}: {s.Algorithm}, PIN {s.PinPolicy}{(s.TouchPolicy is { } t ? ", touch " + t : "")}{(s.Generated is bool g ? g ? ", generated on the card" : ", imported" : "")}");
                if (s.CertificateSubject is { } subject)
                    o.WriteLine($"  certificate: {subject}, until {s.CertificateNotAfter}");
            }
            if (slots.Count == 0)
                o.WriteLine("No keys.");
        });
        return 0;
    }

    internal static JsonPivSlot Slot(PivCardContents contents, PivSlotKey key)
    {
        string? touch = null;
        if (key.FromMetadata && contents.Driver.TryGetKeyMetadata(key.Slot, out var metadata) && metadata is not null)
            touch = metadata.TouchPolicy.ToString().ToLowerInvariant();
        string? subject = null, notAfter = null;
        if (contents.CertificateOf(key.Slot) is { } der)
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                subject = certificate.Subject;
                notAfter = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                subject = "(not an X.509 certificate)";
            }
        }
        return new JsonPivSlot(PivSession.SlotName(key.Slot), key.Slot.Name, key.Slot.OpenScId.ToString("X2", CultureInfo.InvariantCulture),
            key.Spec.ToString(), key.PinPolicy.ToString().ToLowerInvariant(), touch, key.Generated, subject, notAfter);
    }
}
