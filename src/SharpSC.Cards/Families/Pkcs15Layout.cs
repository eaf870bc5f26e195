using SharpSC.Cards.Files;

namespace SharpSC.Cards.Families;

/// <summary>
/// How a card family lays a PKCS#15 application out on its file system (what OpenSC keeps in a card's
/// pkcs15-init profile): file identifiers, sizes and access rules of the structure files and directory files,
/// where object files and keys go, and the PINs a new token's AODF lists. The PKCS#15 personaliser writes
/// exactly this; it knows no card family itself.
/// </summary>
public sealed record Pkcs15Layout
{
    /// <summary>FID of the PKCS#15 application DF under the MF (PKCS#15 v1.1 §5.4: 5015).</summary>
    public ushort ApplicationFileId { get; init; } = 0x5015;

    /// <summary>Space the application DF asks for (cards may ignore it).</summary>
    public int ApplicationDfSize { get; init; } = 5000;

    public required FileAcl ApplicationDfAcl { get; init; }

    /// <summary>EF.DIR under the MF (2F00).</summary>
    public required LayoutFile EfDir { get; init; }

    public required LayoutFile Odf { get; init; }

    public required LayoutFile TokenInfo { get; init; }

    // Directory files created with a new token, listed in the ODF in this order (AODF first).
    public required LayoutFile Aodf { get; init; }
    public required LayoutFile PrKdf { get; init; }
    public required LayoutFile PuKdf { get; init; }
    public LayoutFile? TrustedPuKdf { get; init; }
    public LayoutFile? Skdf { get; init; }
    public required LayoutFile Cdf { get; init; }
    public LayoutFile? TrustedCdf { get; init; }
    public LayoutFile? UsefulCdf { get; init; }
    public required LayoutFile Dodf { get; init; }

    /// <summary>Files of public keys stored beside their private key (OpenSC: template public-key).</summary>
    public required ObjectFiles PublicKeys { get; init; }

    public required ObjectFiles Certificates { get; init; }

    /// <summary>Files of public data objects (OpenSC: data).</summary>
    public required ObjectFiles PublicData { get; init; }

    /// <summary>Files of private data objects and private certificates: reading them needs the PIN (OpenSC: privdata).</summary>
    public required ObjectFiles PrivateData { get; init; }

    public KeyStorage Keys { get; init; } = KeyStorage.Slots;

    /// <summary>The lowest key reference; the card's <see cref="Drivers.CardCapabilities.KeySlots"/> references follow it.</summary>
    public int FirstKeyReference { get; init; }

    /// <summary>With <see cref="KeyStorage.Files"/>: the key of reference r is the EF (PrivateKeyFileBase + r) in the application DF.</summary>
    public ushort PrivateKeyFileBase { get; init; }

    /// <summary>The PINs the AODF of a new token lists (<see cref="CardPersonalisation.PinEntries"/> may choose among them).</summary>
    public required IReadOnlyList<PinEntry> Pins { get; init; }

    /// <summary>TokenInfo manufacturerID when the user gives none.</summary>
    public string DefaultManufacturer { get; init; } = "unknown";

    /// <summary>TokenInfo tokenflags prnGeneration: the token says it makes random numbers.</summary>
    public bool AnnouncesRandomNumbers { get; init; }

    /// <summary>Bytes of the random TokenInfo serial number when the user gives none.</summary>
    public int SerialNumberLength { get; init; } = 8;

    /// <summary>The AODF entry of the user PIN.</summary>
    public PinEntry UserPinEntry => Pins.FirstOrDefault(p => p.Role == PinRole.User)
        ?? throw new InvalidOperationException("the layout lists no user PIN");
}

/// <summary>A file the personaliser creates: identifier, size, access rules.</summary>
public sealed record LayoutFile(ushort FileId, int Size, FileAcl Acl);

/// <summary>Where files of one kind of object go: the first FID tried (then the next free one) and their access rules.</summary>
public sealed record ObjectFiles(ushort FirstFileId, FileAcl Acl);

/// <summary>Where a card keeps private keys, which says what deleting one means.</summary>
public enum KeyStorage
{
    /// <summary>
    /// In key slots addressed by reference (IsoApplet); the PrKDF path names the application DF. A slot cannot be
    /// deleted: <see cref="CardPersonalisation.DestroyKey"/> makes its key unusable.
    /// </summary>
    Slots,

    /// <summary>One EF per key (MyEID 4Bxx); the PrKDF path names it, and deleting the file deletes the key.</summary>
    Files,
}
