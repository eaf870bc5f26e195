namespace SharpSC.Cards.Files;

/// <summary>What CREATE FILE makes: a DF or a transparent EF with its identifier, size and access rules.</summary>
public sealed record FileSpec
{
    private FileSpec(ushort fileId, CardFileType type, int size, FileAcl acl, byte[]? dfName)
    {
        if (fileId is 0x3F00 or 0x3FFF or 0xFFFF or 0x0000)
            throw new ArgumentException($"File identifier {fileId:X4} is reserved (ISO 7816-4 §7.1.1).", nameof(fileId));
        if (size is < 0 or > 0x7FFF)
            throw new ArgumentOutOfRangeException(nameof(size), size, "File size must be 0..32767.");
        if (dfName is { Length: 0 or > 16 })
            throw new ArgumentException("A DF name has 1..16 bytes.", nameof(dfName));
        FileId = fileId;
        Type = type;
        Size = size;
        Acl = acl ?? throw new ArgumentNullException(nameof(acl));
        DfName = dfName;
    }

    public ushort FileId { get; }
    public CardFileType Type { get; }

    /// <summary>Bytes of an EF; for a DF the space it reserves (cards may ignore it).</summary>
    public int Size { get; }

    public FileAcl Acl { get; }
    public byte[]? DfName { get; }

    public static FileSpec Df(ushort fileId, int size, FileAcl acl, byte[]? dfName = null) =>
        new(fileId, CardFileType.DedicatedFile, size, acl, dfName);

    public static FileSpec TransparentEf(ushort fileId, int size, FileAcl acl) =>
        new(fileId, CardFileType.TransparentEf, size, acl, null);
}
