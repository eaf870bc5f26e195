using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15;

/// <summary>One directory file the ODF points to, with its decoded entries.</summary>
public sealed record Pkcs15DirectoryFile
{
    public required DirectoryKind Kind { get; init; }

    /// <summary>Absolute path of the file.</summary>
    public required Pkcs15Path Path { get; init; }

    public ValueList<Pkcs15Object> Objects { get; init; } = ValueList<Pkcs15Object>.Empty;

    /// <summary>Bytes the entries take in the file (where the padding starts).</summary>
    public int UsedLength { get; init; }

    /// <summary>Bytes the reader returned for the file (its size, for a transparent EF read whole).</summary>
    public int FileLength { get; init; }
}
