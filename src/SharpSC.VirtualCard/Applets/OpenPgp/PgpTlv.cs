using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// BER-TLV as the OpenPGP application reads and writes it (OpenPGP card 3.4 §4.4.1): one- or two-byte tags
/// (a first byte with b5-b1 = 11111 takes one more), definite lengths 00-7F, 81 xx, 82 xxxx. What a host sends
/// is parsed strictly: anything malformed is 6A80.
/// </summary>
internal static class PgpTlv
{
    public readonly record struct Element(int Tag, int Offset, int Length)
    {
        public byte[] Value(byte[] buffer) => buffer.AsSpan(Offset, Length).ToArray();
    }

    /// <summary>The data objects that exactly fill <paramref name="buffer"/>[offset, offset+length).</summary>
    public static List<Element> Parse(byte[] buffer, int offset, int length)
    {
        var list = new List<Element>();
        var pos = offset;
        var end = offset + length;
        if (offset < 0 || length < 0 || end > buffer.Length) throw IsoException.Of(StatusWords.WrongData);
        while (pos < end)
        {
            int tag = buffer[pos++];
            if ((tag & 0x1F) == 0x1F)
            {
                if (pos >= end) throw IsoException.Of(StatusWords.WrongData);
                tag = tag << 8 | buffer[pos++];
            }
            if (pos >= end) throw IsoException.Of(StatusWords.WrongData);
            int len = buffer[pos++];
            if (len == 0x81)
            {
                if (pos >= end) throw IsoException.Of(StatusWords.WrongData);
                len = buffer[pos++];
            }
            else if (len == 0x82)
            {
                if (pos + 1 >= end) throw IsoException.Of(StatusWords.WrongData);
                len = buffer[pos] << 8 | buffer[pos + 1];
                pos += 2;
            }
            else if (len > 0x7F)
            {
                throw IsoException.Of(StatusWords.WrongData);
            }
            if (len > end - pos) throw IsoException.Of(StatusWords.WrongData);
            list.Add(new Element(tag, pos, len));
            pos += len;
        }
        return list;
    }

    public static List<Element> Parse(byte[] buffer) => Parse(buffer, 0, buffer.Length);

    public static Element? Find(List<Element> elements, int tag)
    {
        foreach (var e in elements)
            if (e.Tag == tag) return e;
        return null;
    }

    /// <summary>Appends tag, length and value.</summary>
    public static void Add(List<byte> output, int tag, ReadOnlySpan<byte> value)
    {
        if (tag > 0xFF) output.Add((byte)(tag >> 8));
        output.Add((byte)tag);
        AddLength(output, value.Length);
        output.AddRange(value);
    }

    public static byte[] Encode(int tag, ReadOnlySpan<byte> value)
    {
        var list = new List<byte>(value.Length + 5);
        Add(list, tag, value);
        return list.ToArray();
    }

    public static void AddLength(List<byte> output, int length)
    {
        if (length < 0x80)
        {
            output.Add((byte)length);
        }
        else if (length <= 0xFF)
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
