namespace SharpSC.VirtualCard.Iso;

/// <summary>
/// Single-byte-tag TLV walking with the IsoApplet's own rules (its UtilTLV class): a length field is
/// 01..7F, 81 xx or 82 xxxx (at most 7FFF); 00, 80 and 83..FF are malformed. Searches look at level 1 only.
/// Unlike the applet, reads past the buffer count as malformed instead of reading stale buffer bytes.
/// </summary>
internal static class AppletTlv
{
    public const int NotFound = -1;
    public const int Malformed = -2;

    /// <summary>Decodes the length field at <paramref name="offset"/>; false when malformed or out of bounds.</summary>
    public static bool TryDecodeLength(ReadOnlySpan<byte> buf, int offset, out int length)
    {
        length = 0;
        if (offset < 0 || offset >= buf.Length) return false;
        var b = buf[offset];
        if (b == 0x82)
        {
            if (offset + 2 >= buf.Length || buf[offset + 1] >= 0x80) return false;
            length = buf[offset + 1] << 8 | buf[offset + 2];
            return true;
        }
        if (b == 0x81)
        {
            if (offset + 1 >= buf.Length) return false;
            length = buf[offset + 1];
            return true;
        }
        if (b is > 0 and < 0x80)
        {
            length = b;
            return true;
        }
        return false;
    }

    public static int LengthFieldSize(int length) => length < 128 ? 1 : length < 256 ? 2 : 3;

    /// <summary>Position of <paramref name="tag"/> at level 1, <see cref="NotFound"/> or <see cref="Malformed"/>.</summary>
    public static int FindTag(ReadOnlySpan<byte> buf, int offset, int length, byte tag)
    {
        var pos = offset;
        while (pos < length + offset - 1)
        {
            if (pos >= buf.Length) return Malformed;
            if (buf[pos] == tag) return pos;
            if (!TryDecodeLength(buf, pos + 1, out var len)) return Malformed;
            pos += 1 + LengthFieldSize(len) + len;
        }
        return NotFound;
    }

    /// <summary>True when the TLV objects exactly fill [offset, offset+length).</summary>
    public static bool IsConsistent(ReadOnlySpan<byte> buf, int offset, int length)
    {
        var pos = offset;
        while (pos < length + offset - 1)
        {
            if (!TryDecodeLength(buf, pos + 1, out var len)) return false;
            pos += 1 + LengthFieldSize(len) + len;
        }
        return pos == offset + length;
    }

    /// <summary>Finds a tag and returns the bounds of its value; false when absent or malformed.</summary>
    public static bool TryGetValue(ReadOnlySpan<byte> buf, int offset, int length, byte tag, out int valueOffset, out int valueLength)
    {
        valueOffset = valueLength = 0;
        var pos = FindTag(buf, offset, length, tag);
        if (pos < 0 || !TryDecodeLength(buf, pos + 1, out var len)) return false;
        var start = pos + 1 + LengthFieldSize(len);
        if (start + len > buf.Length) return false;
        valueOffset = start;
        valueLength = len;
        return true;
    }

    /// <summary>Writes a one- or two-byte tag and a length field as the applet's writeTagAndLen does.</summary>
    public static void WriteTagAndLength(List<byte> output, int tag, int length)
    {
        if (tag > 0xFF) output.Add((byte)(tag >> 8));
        output.Add((byte)tag);
        if (length < 128)
        {
            output.Add((byte)length);
        }
        else if (length < 256)
        {
            output.Add(0x81);
            output.Add((byte)length);
        }
        else
        {
            output.Add(0x82);
            output.Add((byte)(length >> 8));
            output.Add((byte)length);
        }
    }
}
