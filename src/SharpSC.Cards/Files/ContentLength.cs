namespace SharpSC.Cards.Files;

/// <summary>
/// Stop rules for <see cref="Drivers.CardDriver.ReadFile(CardPath, Func{ReadOnlyMemory{byte}, int?})"/>: given the
/// bytes read so far, the length of the useful content once it is certain, or null to read on.
/// </summary>
public static class ContentLength
{
    /// <summary>
    /// A file holding BER-TLV objects back to back, followed by padding (PKCS#15 ODF, AODF, PrKDF, PuKDF,
    /// CDF, DODF as personalisation tools write them): the content ends at the first 00 or FF where a tag would
    /// start (ISO 7816-4 §5.2: both are padding between objects; FF is what never-written flash reads, e.g. the
    /// MyEID directory files OpenSC creates and leaves empty).
    /// </summary>
    public static int? BerTlvObjects(ReadOnlyMemory<byte> read)
    {
        var span = read.Span;
        var pos = 0;
        while (pos < span.Length)
        {
            if (span[pos] is 0x00 or 0xFF)
                return pos;
            if (!TrySkipObject(span, ref pos))
                return null;
        }
        return null; // everything read so far is content; the next chunk may hold more
    }

    /// <summary>One BER-TLV object (e.g. a certificate or an RSAPublicKey): its total length as soon as its header is read.</summary>
    public static int? SingleBerTlvObject(ReadOnlyMemory<byte> read)
    {
        var span = read.Span;
        var pos = 0;
        return TryHeader(span, ref pos, out var length) ? pos + length : null;
    }

    private static bool TrySkipObject(ReadOnlySpan<byte> span, ref int pos)
    {
        var start = pos;
        if (!TryHeader(span, ref pos, out var length) || length > span.Length - pos)
        {
            pos = start;
            return false;
        }
        pos += length;
        return true;
    }

    private static bool TryHeader(ReadOnlySpan<byte> span, ref int pos, out int length)
    {
        length = 0;
        if (pos >= span.Length) return false;
        if ((span[pos++] & 0x1F) == 0x1F)
        {
            do
            {
                if (pos >= span.Length) return false;
            } while ((span[pos++] & 0x80) != 0);
        }
        if (pos >= span.Length) return false;
        int first = span[pos++];
        if (first < 0x80)
        {
            length = first;
            return true;
        }
        var count = first & 0x7F;
        if (count is 0 or > 3 || span.Length - pos < count) return false;
        for (var i = 0; i < count; i++)
            length = (length << 8) | span[pos++];
        return true;
    }
}
