using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Registry;

/// <summary>
/// The ordered table of card drivers (like OpenSC ctx.c's internal driver list). Rows are tried in order: a
/// row whose ATR patterns do not match costs no APDU, the others probe the card (usually one SELECT). The
/// first row that accepts the card gives its main application; after it only the rows it names in
/// <see cref="DriverEntry.SharesCardWith"/> (and those the applications found then name) are probed, each
/// once, so a card with one application costs what the first match costs. Specific drivers come first, the
/// generic PKCS#15 driver last.
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
        // YubiKeys, known by their ATR: PIV without spending an APDU on other drivers' SELECTs.
        // PIV and OpenPGP share a YubiKey: the OpenPGP row is probed after a PIV match, wherever it stands.
        new DriverEntry(PivDriver.DriverName, "PIV application of a YubiKey 4/5 (with Yubico's extensions)", PivDriver.YubiKeyAtrs,
            (ApduChannel channel, out string reason) => PivDriver.TryConnect(channel, out reason)) { SharesCardWith = ["OpenPGP"] },

        // A standalone OpenPGP card, told by its ATR (OpenPgpDriver.StandaloneCardAtrs): SELECT + GET DATA 6E and the
        // search stops (nothing else lives on such a card). Other cards with an OpenPGP application take the row below.
        new DriverEntry(OpenPgpDriver.DriverName, "OpenPGP card (standalone, by ATR)", OpenPgpDriver.StandaloneCardAtrs,
            (ApduChannel channel, out string reason) => OpenPgpDriver.TryConnect(channel, out reason)),

        // MyEID / OsEID: the ATR's historical bytes decide (no APDU on other cards), GET DATA confirms.
        new DriverEntry(MyEidDriver.DriverName, "Aventra MyEID and OsEID cards (PKCS#15 in DF 5015, keys in key files)", [],
            (ApduChannel channel, out string reason) => MyEidDriver.TryConnect(channel, out reason)),

        // IsoApplet: JavaCards have no common ATR, so one SELECT of its AID decides (v1 adds GET DATA 01 01).
        // Its file system is the card's PKCS#15 application: nothing else is looked for beside it.
        new DriverEntry(IsoAppletDriver.DriverName, "IsoApplet JavaCard applet, API 00.xx (v0) and 01.xx (v1)", [],
            (ApduChannel channel, out string reason) => IsoAppletDriver.TryConnect(channel, out reason)),

        // Any other PIV card (SP 800-73-4): one SELECT of the PIV AID.
        new DriverEntry(PivDriver.DriverName, "any PIV card (NIST SP 800-73-4)", [],
            (ApduChannel channel, out string reason) => PivDriver.TryConnect(channel, out reason)) { SharesCardWith = ["OpenPGP"] },

        // OpenPGP card 1.1-3.4 (YubiKey, Nitrokey, Gnuk, SmartPGP ...): SELECT of its AID prefix, then GET DATA 6E.
        // It shares YubiKeys with PIV.
        new DriverEntry(OpenPgpDriver.DriverName, "OpenPGP card application 1.1-3.4", [],
            (ApduChannel channel, out string reason) => OpenPgpDriver.TryConnect(channel, out reason)) { SharesCardWith = ["PIV"] },

        // Last: any card with a PKCS#15 application, found by AID or through EF.DIR; read-only.
        new DriverEntry(GenericPkcs15Driver.DriverName, "any ISO 7816 card with a PKCS#15 application (read-only)", [],
            (ApduChannel channel, out string reason) => GenericPkcs15Driver.TryConnect(channel, out reason)),
    ]);

    public IReadOnlyList<DriverEntry> Entries { get; }

    /// <summary>The card's main application only (probing stops at the first match): `sharpsc` and tests that want one driver.</summary>
    public DriverMatch Match(ICardTransport transport)
    {
        var found = Find(transport, firstOnly: true);
        return new DriverMatch(found.Found.FirstOrDefault()?.Driver, found.Found.FirstOrDefault()?.Reason ?? found.Reason, found.Attempts);
    }

    /// <summary>Every application on the card in <paramref name="transport"/>, probing inside one transaction; the drivers share the transport.</summary>
    public CardApplications FindApplications(ICardTransport transport) => Find(transport, firstOnly: false);

    private CardApplications Find(ICardTransport transport, bool firstOnly)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var atr = transport.Atr.ToArray();
        var attempts = new List<string>();
        var found = new List<CardApplication>();
        var card = new SharedCard();
        HashSet<string>? beside = null; // null until the first match: then only the rows found applications name
        card.Enter();
        try
        {
            using (transport.BeginTransaction())
            {
                foreach (var entry in Entries)
                {
                    if (found.Any(f => f.Name == entry.Name) || (beside != null && !beside.Contains(entry.Name)))
                        continue;
                    if (entry.Atrs.Count > 0 && !entry.Atrs.Any(p => p.Matches(atr)))
                    {
                        attempts.Add($"{entry.Name}: ATR does not match");
                        continue;
                    }
                    var driver = entry.Probe(new ApduChannel(transport) { Card = card }, out var reason);
                    attempts.Add($"{entry.Name}: {reason}");
                    // The probe's SELECT moved the card's selection: to its application, or somewhere unknown.
                    card.SelectedBy(driver);
                    if (driver == null)
                        continue;
                    Log.Info(TraceComponent, $"{transport.ReaderName}: {driver.Name} ({driver.Version}); {reason}");
                    found.Add(new CardApplication(entry.Name, driver, reason));
                    if (firstOnly)
                        break;
                    beside ??= [];
                    beside.UnionWith(entry.SharesCardWith);
                    if (beside.All(name => found.Any(f => f.Name == name)))
                        break;
                }
            }
        }
        finally
        {
            card.Exit();
        }
        if (found.Count > 0)
            return new CardApplications(found, string.Join("; ", found.Select(f => $"{f.Name}: {f.Reason}")), attempts);
        var why = $"no driver for ATR {Hex.Encode(atr)} in {transport.ReaderName}: {string.Join("; ", attempts)}";
        Log.Info(TraceComponent, why);
        return new CardApplications([], why, attempts);
    }
}
