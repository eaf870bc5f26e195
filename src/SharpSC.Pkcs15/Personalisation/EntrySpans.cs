namespace SharpSC.Pkcs15.Personalisation;

/// <summary>One directory entry's place in its file.</summary>
internal readonly record struct EntrySpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>Where the entries of a directory file start and end (BER-TLV objects up to the first 00/FF byte at an entry boundary).</summary>
internal static class EntrySpans
{
    public static List<EntrySpan> Of(ReadOnlySpan<byte> content)
    {
        var spans = new List<EntrySpan>();
        var pos = 0;
        while (pos < content.Length && content[pos] is not (0x00 or 0xFF))
        {
            var length = ElementLength(content, pos)
                ?? throw new PersonalisationException(PersonalisationError.CardChanged, $"a directory file holds a malformed entry at offset {pos}");
            spans.Add(new EntrySpan(pos, length));
            pos += length;
        }
        return spans;
    }

    /// <summary>Total length (header and content) of the element at <paramref name="start"/>, or null when it does not fit.</summary>
    private static int? ElementLength(ReadOnlySpan<byte> data, int start)
    {
        var pos = start;
        if ((data[pos++] & 0x1F) == 0x1F)
        {
            do
            {
                if (pos >= data.Length) return null;
            } while ((data[pos++] & 0x80) != 0);
        }
        if (pos >= data.Length) return null;
        int first = data[pos++];
        var length = first;
        if (first >= 0x80)
        {
            var count = first & 0x7F;
            if (count is 0 or > 3 || data.Length - pos < count) return null;
            length = 0;
            for (var i = 0; i < count; i++)
                length = (length << 8) | data[pos++];
        }
        return length <= data.Length - pos ? pos + length - start : null;
    }
}
