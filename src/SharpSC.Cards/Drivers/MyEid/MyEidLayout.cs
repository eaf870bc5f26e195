using SharpSC.Cards.Families;
using SharpSC.Cards.Files;

namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// The PKCS#15 layout on MyEID, file for file OpenSC's myeid.profile (pkcs15-init writes the same): DF 5015
/// (the card's own), ODF 5031 (255 bytes), TokenInfo 5032 (160), AODF 4401 (255), PrKDF 4402, PuKDF 4404, SKDF
/// 4407, CDF 4403, DODF 4406 (1530 each), trusted CDF 4405 (510), EF.DIR 2F00 (128); key files 4B01..,
/// public keys 5501.., certificates 4301.., data 4601.., private data 4501..; SO PIN 3 (auth-id FF), user PIN 1
/// (auth-id 01). The structure files belong to the SO (ODF and directory files: updates with the user PIN);
/// a token without SO PIN gives the SO's rights to the user PIN (OpenSC's onepin).
/// </summary>
internal static class MyEidLayout
{
    private const AccessCondition Always = AccessCondition.Always;
    private const AccessCondition Pin = AccessCondition.Pin;
    private const AccessCondition So = AccessCondition.SoPin;
    private const AccessCondition Never = AccessCondition.Never;

    /// <summary>READ=NONE, UPDATE=$SOPIN, DELETE=$SOPIN (EF.DIR, TokenInfo, AODF): 03 3F FF.</summary>
    private static readonly FileAcl SoFile = FileAcl.ForEf(Always, So, So, Never);

    /// <summary>READ=NONE, UPDATE=$PIN, DELETE=$SOPIN (ODF and the directory files): 01 3F FF.</summary>
    private static readonly FileAcl DirectoryFile = FileAcl.ForEf(Always, Pin, So, Never);

    /// <summary>READ=NONE, UPDATE=$PIN, DELETE=$PIN (public keys, certificates, data): 01 1F FF.</summary>
    private static readonly FileAcl PublicObject = FileAcl.ForEf(Always, Pin, Pin, Never);

    public static PinEntry SoPinEntry { get; } = new(PinRole.SecurityOfficer, "Security Officer PIN", [0xFF], MyEidDriver.SoPin);

    public static PinEntry UserPinEntry { get; } = new(PinRole.User, "User PIN", [0x01], MyEidDriver.UserPin);

    public static Pkcs15Layout Instance { get; } = new()
    {
        ApplicationFileId = MyEidConstants.ApplicationDf,
        ApplicationDfSize = 0x7FFF,
        ApplicationDfBuiltIn = true,
        // What the card's 5015 says after OpenSC's erase (11 1F FF): create and delete with the user PIN.
        ApplicationDfAcl = FileAcl.ForDf(Pin, AccessCondition.Unknown, Pin, Never),
        EfDir = new LayoutFile(0x2F00, 128, SoFile),
        Odf = new LayoutFile(0x5031, 255, DirectoryFile),
        TokenInfo = new LayoutFile(0x5032, 160, SoFile),
        TokenInfoRecordsChanges = false, // TokenInfo is the SO's; OpenSC's profile: do-last-update = no
        Aodf = new LayoutFile(0x4401, 255, SoFile),
        PrKdf = new LayoutFile(0x4402, 1530, DirectoryFile),
        PuKdf = new LayoutFile(0x4404, 1530, DirectoryFile),
        Skdf = new LayoutFile(0x4407, 1530, DirectoryFile),
        Cdf = new LayoutFile(0x4403, 1530, DirectoryFile),
        TrustedCdf = new LayoutFile(0x4405, 510, DirectoryFile),
        Dodf = new LayoutFile(0x4406, 1530, DirectoryFile),
        PublicKeys = new ObjectFiles(0x5501, PublicObject),
        Certificates = new ObjectFiles(0x4301, PublicObject),
        PublicData = new ObjectFiles(0x4601, PublicObject),
        PrivateData = new ObjectFiles(0x4501, FileAcl.ForEf(Pin, Pin, Pin, Never)),
        Keys = KeyStorage.Files,
        FirstKeyReference = 1,
        PrivateKeyFileBase = MyEidDriver.PrivateKeyFileBase,
        Pins = [SoPinEntry, UserPinEntry],
        DefaultManufacturer = "Aventra Ltd.",
        AnnouncesRandomNumbers = true, // OpenSC's myeid_init_card: PRN generation, EID compliant
        SerialNumberLength = 10,
    };
}
