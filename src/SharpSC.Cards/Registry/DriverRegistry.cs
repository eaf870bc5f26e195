using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Registry;

/// <summary>
/// The ordered table of card drivers (like OpenSC ctx.c's internal driver list). The first entry whose ATR
/// patterns match (or that has none) and whose probe accepts the card wins; specific drivers come first,
/// the generic PKCS#15 driver last.
/// </summary>
public sealed class DriverRegistry
{
    private const string TraceComponent = "card";

    public DriverRegistry(IEnumerable<DriverEntry> entries)
    {
        Entries = entries?.ToArray() ?? throw new ArgumentNullException(nameof(entries));
    }

    /// <summary>The built-in table.</summary>
    public static DriverRegistry Default { get; } = new(
    [
        // IsoApplet: JavaCards have no common ATR, so one SELECT of its AID decides (v1 adds GET DATA 01 01).
        new DriverEntry(IsoAppletDriver.DriverName, "IsoApplet JavaCard applet, API 00.xx (v0) and 01.xx (v1)", [],
            (ApduChannel channel, out string reason) => IsoAppletDriver.TryConnect(channel, out reason)),

        // OpenPGP card 1.1-3.4 (YubiKey, Nitrokey, Gnuk, SmartPGP ...): SELECT of its AID prefix, then GET DATA 6E.
        new DriverEntry(OpenPgpDriver.DriverName, "OpenPGP card application 1.1-3.4", [],
            (ApduChannel channel, out string reason) => OpenPgpDriver.TryConnect(channel, out reason)),

        // Last: any card with a PKCS#15 application, found by AID or through EF.DIR; read-only.
        new DriverEntry(GenericPkcs15Driver.DriverName, "any ISO 7816 card with a PKCS#15 application (read-only)", [],
            (ApduChannel channel, out string reason) => GenericPkcs15Driver.TryConnect(channel, out reason)),
    ]);

    public IReadOnlyList<DriverEntry> Entries { get; }

    /// <summary>Finds the driver for the card in <paramref name="transport"/>, probing inside one transaction.</summary>
    public DriverMatch Match(ICardTransport transport) => Match(new ApduChannel(transport));

    public DriverMatch Match(ApduChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var atr = channel.Transport.Atr.ToArray();
        var attempts = new List<string>();
        using (channel.Transport.BeginTransaction())
        {
            foreach (var entry in Entries)
            {
                if (entry.Atrs.Count > 0 && !entry.Atrs.Any(p => p.Matches(atr)))
                {
                    attempts.Add($"{entry.Name}: ATR does not match");
                    continue;
                }
                channel.Options = ApduChannelOptions.Default;
                var driver = entry.Probe(channel, out var reason);
                attempts.Add($"{entry.Name}: {reason}");
                if (driver != null)
                {
                    Log.Info(TraceComponent, $"{channel.Transport.ReaderName}: {driver.Name} ({driver.Version}); {reason}");
                    return new DriverMatch(driver, reason, attempts);
                }
            }
        }
        var why = $"no driver for ATR {Hex.Encode(atr)} in {channel.Transport.ReaderName}: {string.Join("; ", attempts)}";
        Log.Info(TraceComponent, why);
        return new DriverMatch(null, why, attempts);
    }
}
