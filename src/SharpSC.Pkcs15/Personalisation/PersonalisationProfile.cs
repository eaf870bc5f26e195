using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// How the personaliser lays PKCS#15 out on a card: file identifiers, sizes, access rules and the PIN
/// object. <see cref="IsoApplet"/> follows OpenSC's isoApplet.profile (file ids, sizes, auth-id FF, PIN
/// attributes) with tighter rules on the structural files (see docs/PERSONALISATION.md).
/// </summary>
public sealed record PersonalisationProfile
{
    private static readonly AccessCondition Always = AccessCondition.Always;
    private static readonly AccessCondition Pin = AccessCondition.Pin;
    private static readonly AccessCondition Never = AccessCondition.Never;

    public required string Name { get; init; }

    /// <summary>FID of the PKCS#15 application DF under the MF.</summary>
    public ushort ApplicationFileId { get; init; } = 0x5015;

    /// <summary>Space the application DF asks for (IsoApplet ignores it; OpenSC's profile says 5000).</summary>
    public int ApplicationDfSize { get; init; } = 5000;

    public ushort EfDirFileId { get; init; } = 0x2F00;
    public int EfDirSize { get; init; } = 128;
    public ushort OdfFileId { get; init; } = 0x5031;
    public int OdfSize { get; init; } = 256;
    public ushort TokenInfoFileId { get; init; } = 0x5032;

    /// <summary>TokenInfo gets room to grow (OpenSC sizes it to its first content, which a longer label then overflows).</summary>
    public int TokenInfoSize { get; init; } = 128;

    /// <summary>Directory files created by <c>InitializeToken</c>, in ODF order, with OpenSC's file ids and sizes.</summary>
    public IReadOnlyList<DirectoryFileLayout> Directories { get; init; } =
    [
        new(DirectoryKind.AuthObjects, 0x4401, 256),
        new(DirectoryKind.PrivateKeys, 0x4402, 512),
        new(DirectoryKind.PublicKeys, 0x4403, 512),
        new(DirectoryKind.Certificates, 0x4404, 512),
        new(DirectoryKind.DataObjects, 0x4405, 256),
    ];

    /// <summary>First FIDs of object files: OpenSC's key-domain templates (public-key 3300, certificate 3400, data 3200, privdata 3500).</summary>
    public ushort PublicKeyFileBase { get; init; } = 0x3300;
    public ushort CertificateFileBase { get; init; } = 0x3400;
    public ushort PublicDataFileBase { get; init; } = 0x3200;
    public ushort PrivateDataFileBase { get; init; } = 0x3500;

    /// <summary>The application DF: everything but reading needs the PIN (OpenSC lets anyone delete it and create files in it).</summary>
    public FileAcl ApplicationDfAcl { get; init; } = FileAcl.ForDf(Pin, Pin, Pin, Pin);

    /// <summary>EF.DIR, ODF, TokenInfo: readable by anyone, changed only with the PIN (OpenSC: writable by anyone).</summary>
    public FileAcl StructureFileAcl { get; init; } = FileAcl.ForEf(Always, Pin, Pin, Pin);

    /// <summary>Directory files (AODF, PrKDF, PuKDF, CDF, DODF): OpenSC's *=$PIN, READ=NONE.</summary>
    public FileAcl DirectoryFileAcl { get; init; } = FileAcl.ForEf(Always, Pin, Pin, Pin);

    /// <summary>Public keys, certificates, public data: OpenSC's *=NEVER, UPDATE=$PIN, READ=NONE, DELETE-SELF=$PIN.</summary>
    public FileAcl PublicObjectAcl { get; init; } = FileAcl.ForEf(Always, Pin, Pin, Never);

    /// <summary>Private data objects: as public ones, but reading needs the PIN too (OpenSC's privdata).</summary>
    public FileAcl PrivateObjectAcl { get; init; } = FileAcl.ForEf(Pin, Pin, Pin, Never);

    /// <summary>authId of the user PIN; OpenSC's isoApplet profile uses FF (its "so-pin" is the applet's user PIN).</summary>
    public Pkcs15Id UserPinAuthId { get; init; } = Pkcs15Id.FromByte(0xFF);

    public string UserPinLabel { get; init; } = "User PIN";

    /// <summary>The AODF PIN attributes: IsoApplet's PIN ref 01, 4–16 characters zero-padded to 16 (OpenSC's profile).</summary>
    public PinAttributes UserPinAttributes { get; init; } = new()
    {
        Flags = PinFlags.CaseSensitive | PinFlags.Initialized | PinFlags.NeedsPadding,
        Type = PinType.AsciiNumeric,
        MinLength = 4,
        StoredLength = 16,
        MaxLength = 16,
        Reference = 1,
        PadChar = 0x00,
    };

    /// <summary>Length the PUK must have (IsoApplet: exactly 16), or null when the card has none.</summary>
    public int? PukLength { get; init; } = 16;

    /// <summary>TokenInfo manufacturerID when the caller gives none (OpenSC's isoApplet.profile says "unknown").</summary>
    public string DefaultManufacturer { get; init; } = "unknown";

    /// <summary>TokenInfo flags (what OpenSC writes on IsoApplet).</summary>
    public TokenFlags TokenFlags { get; init; } = TokenFlags.EidCompliant;

    /// <summary>Bytes of the random TokenInfo serial number when the caller gives none.</summary>
    public int SerialNumberLength { get; init; } = 8;

    /// <summary>The IsoApplet layout (both applet generations).</summary>
    public static PersonalisationProfile IsoApplet { get; } = new() { Name = "IsoApplet" };

    /// <summary>The profile for the card behind <paramref name="driver"/>, or a NotSupportedByDriver error saying why there is none.</summary>
    public static PersonalisationProfile For(CardDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        if (driver is IsoAppletDriver)
            return IsoApplet;
        throw new CardException(CardError.NotSupportedByDriver, driver.IsReadOnly
            ? $"the {driver.Name} driver is read-only: this card cannot be personalised"
            : $"no personalisation profile for {driver.Name} cards");
    }

    public DirectoryFileLayout LayoutOf(DirectoryKind kind) =>
        Directories.FirstOrDefault(d => d.Kind == kind) ?? throw new ArgumentException($"the {Name} profile has no {kind.ShortName()}", nameof(kind));
}

/// <summary>Where a directory file goes and how big it is.</summary>
public sealed record DirectoryFileLayout(DirectoryKind Kind, ushort FileId, int Size);
