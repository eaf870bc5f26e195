using System.Globalization;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Tlv;

/// <summary>
/// BER-TLV as cards use it (ISO/IEC 7816-4 §5.2, ISO/IEC 8825-1): multi-byte tags, definite lengths up to
/// 3 length bytes. Malformed input raises <see cref="CardException"/> with <see cref="CardError.UnexpectedResponse"/>.
/// </summary>
public static class BerTlv
{
    /// <summary>Parses a sequence of data objects; 00 and FF bytes between objects are padding (ISO 7816-4 §5.2.2).</summary>
    public static List<TlvElement> Parse(ReadOnlyMemory<byte> data, bool skipPadding = true)
    {
        var list = new List<TlvElement>();
        var span = data.Span;
        var pos = 0;
        while (pos < span.Length)
        {
            if (skipPadding && span[pos] is 0x00 or 0xFF)
            {
                pos++;
                continue;
            }
            var start = pos;
            var tag = ReadTag(span, ref pos);
            var length = ReadLength(span, ref pos);
            if (length > span.Length - pos)
                throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                    $"TLV tag {tag:X2} at offset {start} declares {length} bytes, only {span.Length - pos} follow."));
            list.Add(new TlvElement(tag, data.Slice(pos, length)));
            pos += length;
        }
        return list;
    }

    /// <summary>Parses exactly one object that must have <paramref name="expectedTag"/> (trailing padding allowed).</summary>
    public static TlvElement ParseSingle(ReadOnlyMemory<byte> data, int expectedTag, string what)
    {
        var elements = Parse(data);
        if (elements.Count == 0 || elements[0].Tag != expectedTag)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected tag {expectedTag:X2}, got {(elements.Count == 0 ? "nothing" : elements[0].Tag.ToString("X2", CultureInfo.InvariantCulture))}."));
        return elements[0];
    }

    public static ReadOnlyMemory<byte>? Find(IReadOnlyList<TlvElement> elements, int tag)
    {
        foreach (var e in elements)
            if (e.Tag == tag) return e.Value;
        return null;
    }

    public static ReadOnlyMemory<byte> Require(IReadOnlyList<TlvElement> elements, int tag, string what) =>
        Find(elements, tag) ?? throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"{what}: tag {tag:X2} missing."));

    private static int ReadTag(ReadOnlySpan<byte> span, ref int pos)
    {
        int tag = span[pos++];
        if ((tag & 0x1F) != 0x1F)
            return tag;
        for (var i = 0; ; i++)
        {
            if (pos >= span.Length)
                throw CardException.Malformed("TLV tag truncated.");
            if (i == 2)
                throw CardException.Malformed("TLV tag longer than 3 bytes.");
            var b = span[pos++];
            tag = (tag << 8) | b;
            if ((b & 0x80) == 0)
                return tag;
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int pos)
    {
        if (pos >= span.Length)
            throw CardException.Malformed("TLV length missing.");
        int first = span[pos++];
        if (first < 0x80)
            return first;
        var count = first & 0x7F;
        if (count is 0 or > 3)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"TLV length byte {first:X2} not supported."));
        if (span.Length - pos < count)
            throw CardException.Malformed("TLV length truncated.");
        var length = 0;
        for (var i = 0; i < count; i++)
            length = (length << 8) | span[pos++];
        return length;
    }

    /// <summary>Appends tag, definite length and value.</summary>
    public static void Write(List<byte> output, int tag, ReadOnlySpan<byte> value)
    {
        WriteTag(output, tag);
        WriteLength(output, value.Length);
        output.AddRange(value);
    }

    public static byte[] Encode(int tag, ReadOnlySpan<byte> value)
    {
        var list = new List<byte>(value.Length + 6);
        Write(list, tag, value);
        return list.ToArray();
    }

    public static void WriteTag(List<byte> output, int tag)
    {
        if (tag > 0xFFFF) output.Add((byte)(tag >> 16));
        if (tag > 0xFF) output.Add((byte)(tag >> 8));
        output.Add((byte)tag);
    }

    public static void WriteLength(List<byte> output, int length)
    {
        switch (length)
        {
            case < 0x80:
                output.Add((byte)length);
                break;
            case <= 0xFF:
                output.Add(0x81);
                output.Add((byte)length);
                break;
            case <= 0xFFFF:
                output.Add(0x82);
                output.Add((byte)(length >> 8));
                output.Add((byte)length);
                break;
            default:
                output.Add(0x83);
                output.Add((byte)(length >> 16));
                output.Add((byte)(length >> 8));
                output.Add((byte)length);
                break;
        }
    }
}
