using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>
/// One ODF record: PKCS15Objects CHOICE [kind] PathOrObjects (PKCS#15 v1.1 §6.3). Usually a path; any
/// other content (inline objects, protected forms) is kept as the whole raw element in <see cref="Unparsed"/>.
/// </summary>
public sealed record OdfEntry
{
    public OdfEntry(DirectoryKind kind, Pkcs15Path path)
    {
        Kind = kind;
        Path = path;
    }

    private OdfEntry(DirectoryKind kind, RawElement unparsed)
    {
        Kind = kind;
        Unparsed = unparsed;
    }

    public DirectoryKind Kind { get; init; }

    public Pkcs15Path? Path { get; init; }

    public RawElement? Unparsed { get; init; }

    public static OdfEntry FromUnparsed(DirectoryKind kind, RawElement element) => new(kind, element);
}
