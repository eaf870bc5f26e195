using SharpSC.VirtualCard.Applets.IsoApplet;
using SharpSC.VirtualCard.Applets.MyEid;
using SharpSC.VirtualCard.Applets.Piv;
using SharpSC.VirtualCard.Applets.OpenPgp;

namespace SharpSC.VirtualCard.Runtime;

/// <summary>
/// Every applet a virtual card can carry: one row per kind. A family adds its applet here and nowhere
/// else (the --applet option, the state file, the ATR and the help text follow from the row).
/// </summary>
public static class AppletCatalog
{
    /// <summary>What a new card carries when nobody says otherwise.</summary>
    public const string DefaultApplets = "v1";

    public static IReadOnlyList<AppletKind> All { get; } =
    [
        new("v0", "IsoApplet v0", "IsoApplet API 00.06 (branch main-javacard-v2.2.2, as OpenSC 0.23 knows it)",
            IsoApplet.InstanceAid, CardAtr.Default,
            e => new IsoApplet(AppletVersion.V0, e.Changes, e.MemoryCapacity), (state, e) => IsoApplet.Restore(state, e.Changes)),
        new("v1", "IsoApplet v1", "IsoApplet API 01.00 (branch main: extended APDUs, RSA-4096, RSA-PSS)",
            IsoApplet.InstanceAid, CardAtr.Default,
            e => new IsoApplet(AppletVersion.V1, e.Changes, e.MemoryCapacity), (state, e) => IsoApplet.Restore(state, e.Changes)),
        new(MyEidApplet.KindName, "MyEID", "MyEID 4.5 card (OsEID's emulation, as OpenSC 0.23's myeid driver and profile know it)",
            MyEidApplet.ApplicationAid, MyEidApplet.DefaultAtr,
            e => new MyEidApplet(e.Changes), (state, e) => MyEidApplet.Restore(state, e.Changes)),
        new(PivApplet.KindName, "PIV", "PIV application of a YubiKey 5 (firmware 5.4.3)",
            PivSpec.Aid, PivSpec.YubiKey5Atr,
            e => new PivApplet(e.Changes), (state, e) => PivApplet.Restore(state, e.Changes)),
        // The instance AID carries each card's own serial number; the row names its fixed part (RID and application).
        // Alone on a card (a standalone OpenPGP card, as its ATR says) it is selected at reset; beside PIV it is not.
        new(OpenPgpApplet.KindName, "OpenPGP card", "OpenPGP card 3.4 (GnuPG, OpenSC): RSA-2048/3072/4096, P-256/384/521, Ed25519, X25519",
            OpenPgpApplet.AidPrefix, OpenPgpApplet.DefaultAtr,
            e => new OpenPgpApplet(e.Changes, e.Alone), (state, e) => OpenPgpApplet.Restore(state, e.Changes, e.Alone)),
    ];

    /// <summary>The row of <paramref name="name"/> (case-insensitive), or null.</summary>
    public static AppletKind? Find(string name) => Find(name, All);

    internal static AppletKind? Find(string name, IReadOnlyList<AppletKind> catalog) =>
        catalog.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The applets of a card, in order, from "piv" or "piv,openpgp". Throws <see cref="ArgumentException"/>
    /// saying what is wrong: an empty or unknown name, a name listed twice, two applets with one AID.
    /// </summary>
    public static IReadOnlyList<AppletKind> ParseList(string list) => ParseList(list, All);

    internal static IReadOnlyList<AppletKind> ParseList(string list, IReadOnlyList<AppletKind> catalog)
    {
        var kinds = new List<AppletKind>();
        foreach (var raw in list.Split(','))
        {
            var name = raw.Trim();
            if (name.Length == 0) throw new ArgumentException($"empty applet name in '{list}'");
            var kind = Find(name, catalog) ?? throw new ArgumentException($"unknown applet '{name}' (known: {string.Join(", ", catalog.Select(k => k.Name))})");
            if (kinds.Contains(kind)) throw new ArgumentException($"'{kind.Name}' is listed twice in '{list}'");
            if (kinds.FirstOrDefault(k => k.Aid.AsSpan().SequenceEqual(kind.Aid)) is { } same)
                throw new ArgumentException($"{same.Name} and {kind.Name} cannot share a card: both are the applet with AID {Iso.Hex.Format(kind.Aid)}");
            kinds.Add(kind);
        }
        return kinds;
    }

    /// <summary>"v1" or "piv,openpgp": the names of a card's applets as --applet takes them.</summary>
    public static string Format(IEnumerable<string> names) => string.Join(",", names);
}
