using SharpSC.Cards.Families;
using SharpSC.Cards.Files;

namespace SharpSC.Cards.Drivers.IsoApplet;

/// <summary>
/// The PKCS#15 layout on IsoApplet (both generations): OpenSC's isoApplet.profile (file ids, sizes, auth-id FF,
/// PIN attributes, key slots) with tighter rules on the structural files (docs/PERSONALISATION.md).
/// </summary>
internal static class IsoAppletLayout
{
    private const AccessCondition Always = AccessCondition.Always;
    private const AccessCondition Pin = AccessCondition.Pin;
    private const AccessCondition Never = AccessCondition.Never;

    /// <summary>EF.DIR, ODF, TokenInfo: readable by anyone, changed only with the PIN (OpenSC: writable by anyone).</summary>
    private static readonly FileAcl StructureFile = FileAcl.ForEf(Always, Pin, Pin, Pin);

    /// <summary>Directory files: OpenSC's *=$PIN, READ=NONE.</summary>
    private static readonly FileAcl DirectoryFile = FileAcl.ForEf(Always, Pin, Pin, Pin);

    /// <summary>Public keys, certificates, public data: OpenSC's *=NEVER, UPDATE=$PIN, READ=NONE, DELETE-SELF=$PIN.</summary>
    private static readonly FileAcl PublicObject = FileAcl.ForEf(Always, Pin, Pin, Never);

    public static Pkcs15Layout Instance { get; } = new()
    {
        ApplicationFileId = 0x5015,
        ApplicationDfSize = 5000, // the applet ignores it; OpenSC's profile says 5000
        // Everything but reading needs the PIN (OpenSC lets anyone delete the DF and create files in it).
        ApplicationDfAcl = FileAcl.ForDf(Pin, Pin, Pin, Pin),
        EfDir = new LayoutFile(0x2F00, 128, StructureFile),
        Odf = new LayoutFile(0x5031, 256, StructureFile),
        // Room to grow: OpenSC sizes TokenInfo to its first content, which a longer label then overflows.
        TokenInfo = new LayoutFile(0x5032, 128, StructureFile),
        Aodf = new LayoutFile(0x4401, 256, DirectoryFile),
        PrKdf = new LayoutFile(0x4402, 512, DirectoryFile),
        PuKdf = new LayoutFile(0x4403, 512, DirectoryFile),
        Cdf = new LayoutFile(0x4404, 512, DirectoryFile),
        Dodf = new LayoutFile(0x4405, 256, DirectoryFile),
        // OpenSC's key-domain templates: public-key 3300, certificate 3400, data 3200, privdata 3500.
        PublicKeys = new ObjectFiles(0x3300, PublicObject),
        Certificates = new ObjectFiles(0x3400, PublicObject),
        PublicData = new ObjectFiles(0x3200, PublicObject),
        PrivateData = new ObjectFiles(0x3500, FileAcl.ForEf(Pin, Pin, Pin, Never)),
        Keys = KeyStorage.Slots,
        FirstKeyReference = 0,
        // auth-id FF: OpenSC's isoApplet profile calls the applet's user PIN its "so-pin".
        Pins = [new PinEntry(PinRole.User, "User PIN", [0xFF], IsoAppletDriver.UserPin) { CaseSensitive = true }],
        DefaultManufacturer = "unknown",
        AnnouncesRandomNumbers = false, // OpenSC writes eidCompliant only
        SerialNumberLength = 8,
    };
}
