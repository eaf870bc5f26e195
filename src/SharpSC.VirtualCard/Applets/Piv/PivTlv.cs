using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// BER-TLV as the PIV application reads and writes it (SP 800-73-4 Part 2 §2.1: tags of 1–3 bytes, lengths
/// of 1–3 bytes). Anything malformed in a command answers 6A80, as a YubiKey does.
/// </summary>
internal static class PivTlv
{
    public readonly record struct Element(int Tag, byte[] Value);

    /// <summary>The data objects of <paramref name="data"/>, which must be exactly filled by them.</summary>
    public static List<Element> Parse(ReadOnlySpan<byte> data)
    {
        var list = new List<Element>();
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = ReadTag(data, ref pos);
            var length = ReadLength(data, ref pos);
            if (length > data.Length - pos) throw IsoException.Of(StatusWords.WrongData);
            list.Add(new Element(tag, data.Slice(pos, length).ToArray()));
            pos += length;
        }
        return list;
    }

    /// <summary>Exactly one object with <paramref name="tag"/>; its value.</summary>
    public static byte[] Single(ReadOnlySpan<byte> data, int tag)
    {
        var list = Parse(data);
        if (list.Count != 1 || list[0].Tag != tag) throw IsoException.Of(StatusWords.WrongData);
        return list[0].Value;
    }

    public static byte[]? Find(List<Element> elements, int tag)
    {
        foreach (var e in elements)
            if (e.Tag == tag) return e.Value;
        return null;
    }

    public static byte[] Encode(int tag, ReadOnlySpan<byte> value)
    {
        var list = new List<byte>(value.Length + 6);
        Write(list, tag, value);
        return list.ToArray();
    }

    public static void Write(List<byte> output, int tag, ReadOnlySpan<byte> value)
    {
        if (tag > 0xFFFF) output.Add((byte)(tag >> 16));
        if (tag > 0xFF) output.Add((byte)(tag >> 8));
        output.Add((byte)tag);
        if (value.Length < 0x80)
        {
            output.Add((byte)value.Length);
        }
        else if (value.Length <= 0xFF)
        {
            output.Add(0x81);
            output.Add((byte)value.Length);
        }
        else
        {
            output.Add(0x82);
            output.Add((byte)(value.Length >> 8));
            output.Add((byte)value.Length);
        }
        output.AddRange(value);
    }

    /// <summary>A tag list value (after 5C) as an integer: 1 to 3 bytes.</summary>
    public static int TagFromBytes(ReadOnlySpan<byte> tag)
    {
        if (tag.Length is < 1 or > 3) throw IsoException.Of(StatusWords.WrongData);
        var v = 0;
        foreach (var b in tag) v = v << 8 | b;
        return v;
    }

    private static int ReadTag(ReadOnlySpan<byte> data, ref int pos)
    {
        int tag = data[pos++];
        if ((tag & 0x1F) != 0x1F) return tag;
        for (var i = 0; i < 2; i++)
        {
            if (pos >= data.Length) throw IsoException.Of(StatusWords.WrongData);
            var b = data[pos++];
            tag = tag << 8 | b;
            if ((b & 0x80) == 0) return tag;
        }
        throw IsoException.Of(StatusWords.WrongData);
    }

    private static int ReadLength(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length) throw IsoException.Of(StatusWords.WrongData);
        int first = data[pos++];
        if (first < 0x80) return first;
        var count = first & 0x7F;
        if (count is 0 or > 2 || data.Length - pos < count) throw IsoException.Of(StatusWords.WrongData);
        var length = 0;
        for (var i = 0; i < count; i++) length = length << 8 | data[pos++];
        return length;
    }
}
