using SharpSC.Cards.Drivers;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Families;
using SharpSC.Cards.Files;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// How the personaliser lays PKCS#15 out on a card: the card family's <see cref="Pkcs15Layout"/> (file
/// identifiers, sizes, access rules, key storage, PINs) in PKCS#15 terms, and the family's card commands
/// (<see cref="CardPersonalisation"/>). Which family a card belongs to is its driver's business
/// (<see cref="CardDriver.Personalisation"/>); nothing here knows one.
/// </summary>
public sealed record PersonalisationProfile
{
    public PersonalisationProfile(string name, CardPersonalisation family)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Family = family ?? throw new ArgumentNullException(nameof(family));
        var layout = family.Layout;
        Directories = new (DirectoryKind Kind, LayoutFile? File)[]
        {
            (DirectoryKind.AuthObjects, layout.Aodf),
            (DirectoryKind.PrivateKeys, layout.PrKdf),
            (DirectoryKind.PublicKeys, layout.PuKdf),
            (DirectoryKind.TrustedPublicKeys, layout.TrustedPuKdf),
            (DirectoryKind.SecretKeys, layout.Skdf),
            (DirectoryKind.Certificates, layout.Cdf),
            (DirectoryKind.TrustedCertificates, layout.TrustedCdf),
            (DirectoryKind.UsefulCertificates, layout.UsefulCdf),
            (DirectoryKind.DataObjects, layout.Dodf),
        }.Where(d => d.File is not null).Select(d => new DirectoryFileLayout(d.Kind, d.File!)).ToArray();
    }

    /// <summary>The card family ("IsoApplet"), for messages.</summary>
    public string Name { get; }

    public CardPersonalisation Family { get; }

    public Pkcs15Layout Layout => Family.Layout;

    /// <summary>Directory files created by <c>InitializeToken</c>, in ODF order.</summary>
    public IReadOnlyList<DirectoryFileLayout> Directories { get; }

    /// <summary>authId of the user PIN a new token lists (what new private objects name when the AODF has no user PIN).</summary>
    public Pkcs15Id UserPinAuthId => new(Layout.UserPinEntry.AuthId);

    /// <summary>TokenInfo flags of a new token.</summary>
    public TokenFlags TokenFlags => TokenFlags.EidCompliant | (Layout.AnnouncesRandomNumbers ? TokenFlags.PrnGeneration : TokenFlags.None);

    /// <summary>The profile for the card behind <paramref name="driver"/>, or a NotSupportedByDriver error saying why there is none.</summary>
    public static PersonalisationProfile For(CardDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        if (driver.Personalisation is { } family)
            return new PersonalisationProfile(driver.Name, family);
        throw new CardException(CardError.NotSupportedByDriver, driver.IsReadOnly
            ? $"the {driver.Name} driver is read-only: this card cannot be personalised"
            : $"no personalisation profile for {driver.Name} cards");
    }

    public DirectoryFileLayout LayoutOf(DirectoryKind kind) =>
        Directories.FirstOrDefault(d => d.Kind == kind) ?? throw new ArgumentException($"the {Name} profile has no {kind.ShortName()}", nameof(kind));

    /// <summary>A layout PIN as its AODF entry (PKCS#15 v1.1 §6.8.2 PinAttributes).</summary>
    public static PinObject ToPinObject(PinEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var format = entry.Pin.Format;
        var flags = PinFlags.Initialized
                    | (entry.CaseSensitive ? PinFlags.CaseSensitive : PinFlags.None)
                    | (entry.Local ? PinFlags.Local : PinFlags.None)
                    | (format.NeedsPadding ? PinFlags.NeedsPadding : PinFlags.None)
                    | entry.Role switch
                    {
                        PinRole.SecurityOfficer => PinFlags.SoPin,
                        PinRole.Unblocking => PinFlags.UnblockingPin,
                        _ => PinFlags.None,
                    };
        return new PinObject
        {
            Common = new CommonObjectAttributes { Label = entry.Label, Flags = ObjectFlags.Private | ObjectFlags.Modifiable },
            AuthId = new Pkcs15Id(entry.AuthId),
            Attributes = new PinAttributes
            {
                Flags = flags,
                Type = format.Encoding == Cards.Pins.PinEncoding.Bcd ? PinType.Bcd : entry.Utf8 ? PinType.Utf8 : PinType.AsciiNumeric,
                MinLength = format.MinLength,
                StoredLength = format.StoredLength,
                MaxLength = format.MaxLength,
                Reference = entry.Pin.Reference,
                PadChar = format.PadChar,
            },
        };
    }
}

/// <summary>Where a directory file goes, how big it is and who may change it.</summary>
public sealed record DirectoryFileLayout(DirectoryKind Kind, LayoutFile File)
{
    public ushort FileId => File.FileId;
    public int Size => File.Size;
    public FileAcl Acl => File.Acl;
}
