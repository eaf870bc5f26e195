using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.FileSystem;

/// <summary>
/// Builds a file from the CREATE FILE data field (IsoApplet IsoFileSystem.getSafeFile): an FCI (6F) or FCP
/// (62) template with 82 file descriptor, 83 FID, optional 86 eight-byte ACL, and for transparent EFs an
/// optional 81 size (default 128). The template is kept verbatim and returned by SELECT.
/// </summary>
internal static class FileControlParser
{
    private const int DefaultTransparentSize = 128;
    private const int DefaultRecordSize = 256;
    private const int DefaultMaxRecords = 8;

    public static CardFile Parse(IsoFileSystem fs, byte[] fci)
    {
        if (fci.Length < 2 || (fci[0] != 0x6F && fci[0] != 0x62)) throw Invalid();
        if (!AppletTlv.TryDecodeLength(fci, 1, out var innerLength)) throw Invalid();
        var lengthFieldSize = AppletTlv.LengthFieldSize(innerLength);
        if (innerLength != fci.Length - 1 - lengthFieldSize) throw Invalid();
        var innerOffset = 1 + lengthFieldSize;
        if (!AppletTlv.IsConsistent(fci, innerOffset, innerLength)) throw Invalid();

        if (!AppletTlv.TryGetValue(fci, innerOffset, innerLength, 0x83, out var fidOffset, out var fidLength) || fidLength != 2)
            throw Invalid();
        var fid = (ushort)(fci[fidOffset] << 8 | fci[fidOffset + 1]);
        if (fs.FindFile(fid, FileKind.Any) != null) throw Invalid();

        var aclPos = AppletTlv.FindTag(fci, innerOffset, innerLength, 0x86);
        if (aclPos == AppletTlv.Malformed) throw Invalid();
        if (aclPos >= 0 && (!AppletTlv.TryDecodeLength(fci, aclPos + 1, out var aclLength) || aclLength != 8)) throw Invalid();

        var fdPos = AppletTlv.FindTag(fci, innerOffset, innerLength, 0x82);
        if (fdPos < 0 || !AppletTlv.TryDecodeLength(fci, fdPos + 1, out var fdLength) || fdLength is < 1 or > 6)
            throw Invalid();
        var descriptor = fci[fdPos + 2];
        var copy = (byte[])fci.Clone();

        if ((descriptor & 0x3F) == 0x38)
        {
            fs.Authorize(fs.CurrentDf, AclOperation.CreateDf);
            return new DedicatedFile(fid, copy);
        }
        if ((descriptor & 0x30) != 0x00) throw Invalid();

        fs.Authorize(fs.CurrentDf, AclOperation.CreateEf);
        var (recordSize, maxRecords) = RecordParameters(fci, fdPos, descriptor);
        return (descriptor & 0x07) switch
        {
            0x01 => new TransparentFile(fid, copy, new byte[CheckedSize(TransparentSize(fci))]),
            0x02 or 0x03 => new RecordFile(fid, copy, RecordStructure.LinearFixed, CheckedSize(maxRecords), CheckedSize(recordSize)),
            0x04 or 0x05 => new RecordFile(fid, copy, RecordStructure.LinearVariable, CheckedSize(maxRecords), recordSize),
            0x06 or 0x07 => new RecordFile(fid, copy, RecordStructure.Cyclic, CheckedSize(maxRecords), CheckedSize(recordSize)),
            _ => throw Invalid(),
        };
    }

    // ISO 7816-4 table 12, tag 82 of length 3..6: data coding byte, then record size and record count.
    // Quirk kept from the applet: with a 5-byte descriptor it takes the record count from the descriptor byte.
    private static (int RecordSize, int MaxRecords) RecordParameters(byte[] fci, int fdPos, byte descriptor)
    {
        var recordSize = DefaultRecordSize;
        var maxRecords = DefaultMaxRecords;
        switch (fci[fdPos + 1])
        {
            case 0x03:
                recordSize = (sbyte)fci[fdPos + 4];
                break;
            case 0x04:
                recordSize = (short)(fci[fdPos + 4] << 8 | fci[fdPos + 5]);
                break;
            case 0x05:
                recordSize = (short)(fci[fdPos + 4] << 8 | fci[fdPos + 5]);
                maxRecords = (sbyte)descriptor;
                break;
            case 0x06:
                recordSize = (short)(fci[fdPos + 4] << 8 | fci[fdPos + 5]);
                if (fci[fdPos + 6] != 0x00) throw Invalid();
                maxRecords = (sbyte)fci[fdPos + 7];
                break;
        }
        return (recordSize, maxRecords);
    }

    // The size search is bounded by the outer one-byte length as a signed Java byte, so a template longer
    // than 127 bytes always gets the default size. Only tag 81 is read (tag 80 is ignored by the applet).
    private static int TransparentSize(byte[] fci)
    {
        var pos = AppletTlv.FindTag(fci, 2, (sbyte)fci[1], 0x81);
        if (pos == AppletTlv.Malformed) throw Invalid();
        if (pos < 0) return DefaultTransparentSize;
        if (pos + 2 >= fci.Length) throw Invalid();
        return fci[pos + 1] switch
        {
            0x02 when pos + 3 < fci.Length => (short)(fci[pos + 2] << 8 | fci[pos + 3]),
            0x01 => (sbyte)fci[pos + 2],
            _ => throw Invalid(),
        };
    }

    // A negative size reaches "new byte[size]" in the applet: NegativeArraySizeException, uncaught.
    private static int CheckedSize(int size) =>
        size >= 0 ? size : throw new AppletFaultException($"CREATE FILE with negative size {size} (NegativeArraySizeException)");

    private static IsoException Invalid() => IsoException.Of(StatusWords.DataInvalid);
}
