namespace SharpSC.VirtualCard.FileSystem;

/// <summary>An EF. Its short file identifier is the low five bits of the FID (IsoApplet ElementaryFile).</summary>
internal abstract class ElementaryFile(ushort fid, byte[] fci) : CardFile(fid, fci)
{
    public byte ShortFileId => (byte)(Fid & 0x1F);
}

/// <summary>A transparent EF with a fixed size chosen at CREATE FILE (unused bytes are 00).</summary>
internal sealed class TransparentFile(ushort fid, byte[] fci, byte[] data) : ElementaryFile(fid, fci)
{
    public byte[] Data { get; } = data;

    public override int StorageCost => ObjectOverhead + Fci.Length + Data.Length;
}

/// <summary>Record EF structures the applet can create (it has no record commands: READ/UPDATE BINARY answer 6981).</summary>
internal enum RecordStructure : byte
{
    LinearFixed = 1,
    LinearVariable = 2,
    Cyclic = 3,
}

/// <summary>A record-oriented EF. The applet allocates fixed-size records up front; variable ones on write.</summary>
internal sealed class RecordFile(ushort fid, byte[] fci, RecordStructure structure, int maxRecords, int recordSize)
    : ElementaryFile(fid, fci)
{
    public RecordStructure Structure { get; } = structure;
    public int MaxRecords { get; } = maxRecords;
    public int RecordSize { get; } = recordSize;

    public override int StorageCost => ObjectOverhead + Fci.Length
        + (Structure == RecordStructure.LinearVariable ? 2 * MaxRecords : MaxRecords * RecordSize);
}
