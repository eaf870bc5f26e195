using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15;

/// <summary>
/// A PKCS#15 application as read from a card: the EF.DIR entry, ODF, TokenInfo and every directory
/// file with its objects, all with absolute paths. Immutable; use <c>with</c> and
/// <see cref="WithDirectory"/> to derive a changed copy.
/// </summary>
public sealed record Pkcs15Application
{
    /// <summary>The default application DF when EF.DIR does not name one (PKCS#15 v1.1 §5.4.1).</summary>
    public static readonly Pkcs15Path DefaultApplicationPath = Pkcs15Path.Parse("3F005015");

    public EfDir? EfDir { get; init; }

    /// <summary>The EF.DIR template of this application, if the card has EF.DIR.</summary>
    public ApplicationTemplate? Application { get; init; }

    public required Pkcs15Path ApplicationPath { get; init; }

    public required Pkcs15Path OdfPath { get; init; }

    public required Pkcs15Path TokenInfoPath { get; init; }

    public required Odf Odf { get; init; }

    public required TokenInfo TokenInfo { get; init; }

    /// <summary>The directory files in ODF order.</summary>
    public ValueList<Pkcs15DirectoryFile> Directories { get; init; } = ValueList<Pkcs15DirectoryFile>.Empty;

    /// <summary>Directory files the ODF names but the reader could not find (skipped, as OpenSC does).</summary>
    public ValueList<Pkcs15Path> MissingFiles { get; init; } = ValueList<Pkcs15Path>.Empty;

    public IEnumerable<Pkcs15Object> AllObjects => Directories.SelectMany(d => d.Objects);

    public IReadOnlyList<PinObject> Pins => ObjectsIn<PinObject>(DirectoryKind.AuthObjects);

    public IReadOnlyList<PrivateKeyObject> PrivateKeys => ObjectsIn<PrivateKeyObject>(DirectoryKind.PrivateKeys);

    /// <summary>Public keys of the PuKDF and the trusted PuKDF.</summary>
    public IReadOnlyList<PublicKeyObject> PublicKeys => ObjectsIn<PublicKeyObject>(DirectoryKind.PublicKeys, DirectoryKind.TrustedPublicKeys);

    /// <summary>Certificates of the CDF, trusted CDF and useful CDF.</summary>
    public IReadOnlyList<CertificateObject> Certificates =>
        ObjectsIn<CertificateObject>(DirectoryKind.Certificates, DirectoryKind.TrustedCertificates, DirectoryKind.UsefulCertificates);

    public IReadOnlyList<DataObject> DataObjects => ObjectsIn<DataObject>(DirectoryKind.DataObjects);

    public PrivateKeyObject? FindPrivateKey(Pkcs15Id id) => PrivateKeys.FirstOrDefault(k => k.Key.Id == id);

    public PublicKeyObject? FindPublicKey(Pkcs15Id id) => PublicKeys.FirstOrDefault(k => k.Key.Id == id);

    public CertificateObject? FindCertificate(Pkcs15Id id) => Certificates.FirstOrDefault(c => c.Id == id);

    /// <summary>The PIN whose authId is <paramref name="authId"/> (what a key's Common.AuthId names).</summary>
    public PinObject? FindPin(Pkcs15Id authId) => Pins.FirstOrDefault(p => p.AuthId == authId);

    /// <summary>Every object whose iD (authId for PINs) is <paramref name="id"/>.</summary>
    public IEnumerable<Pkcs15Object> FindById(Pkcs15Id id) => AllObjects.Where(o => o.ObjectId == id);

    public Pkcs15DirectoryFile? GetDirectory(DirectoryKind kind) => Directories.FirstOrDefault(d => d.Kind == kind);

    /// <summary>Absolute path of the first directory file of <paramref name="kind"/> the ODF names.</summary>
    public Pkcs15Path? PathOf(DirectoryKind kind) =>
        Odf.EntriesOf(kind).Select(e => e.Path).FirstOrDefault(p => p is not null)?.ResolveAgainst(ApplicationPath);

    /// <summary>The absolute form of a path stored in a PKCS#15 file (relative paths hang off the application DF).</summary>
    public Pkcs15Path Resolve(Pkcs15Path path) => path.ResolveAgainst(ApplicationPath);

    /// <summary>The smallest key reference in [first, last] that no private key uses, or null when all are taken.</summary>
    public int? NextFreeKeyReference(int first = 0, int last = 15)
    {
        var used = PrivateKeys.Select(k => k.Key.KeyReference).OfType<int>().ToHashSet();
        for (var reference = first; reference <= last; reference++)
        {
            if (!used.Contains(reference))
                return reference;
        }
        return null;
    }

    /// <summary>
    /// OpenSC's GUID for an object (<see cref="Pkcs15Guid"/>) from its id and the TokenInfo serial
    /// number; null when the object has no id or the TokenInfo no serial number.
    /// </summary>
    public string? GetObjectGuid(Pkcs15Object obj) =>
        obj.ObjectId is { } id && TokenInfo.SerialNumber is { } serial ? Pkcs15Guid.Compute(id, serial) : null;

    /// <summary>A copy with the directory file of the same kind and path replaced (or added at the end).</summary>
    public Pkcs15Application WithDirectory(Pkcs15DirectoryFile directory)
    {
        var list = Directories.ToList();
        var index = list.FindIndex(d => d.Kind == directory.Kind && d.Path == directory.Path);
        if (index >= 0)
            list[index] = directory;
        else
            list.Add(directory);
        return this with { Directories = ValueList.From(list) };
    }

    private IReadOnlyList<T> ObjectsIn<T>(params DirectoryKind[] kinds) where T : Pkcs15Object =>
        Directories.Where(d => kinds.Contains(d.Kind)).SelectMany(d => d.Objects).OfType<T>().ToList();
}
