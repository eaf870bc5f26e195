namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// Recognises a MyEID card by its ATR as OpenSC 0.23 does: the historical bytes end with "MyEID" (Aventra's
/// cards, some with a prefix) or "OsEID" (the open firmware). No APDU is needed to tell other cards apart.
/// </summary>
public static class MyEidAtr
{
    private static readonly byte[] MyEid = "MyEID"u8.ToArray();
    private static readonly byte[] OsEid = "OsEID"u8.ToArray();

    /// <summary>"MyEID", "OsEID", or null when the ATR is neither's (or not a well-formed ATR).</summary>
    public static string? Family(ReadOnlySpan<byte> atr)
    {
        var historical = HistoricalBytes(atr);
        if (historical.Length < 5) return null;
        var tail = historical[^5..];
        if (tail.SequenceEqual(MyEid)) return "MyEID";
        if (tail.SequenceEqual(OsEid)) return "OsEID";
        return null;
    }

    /// <summary>The historical bytes (ISO 7816-3 §8.2): T0's low nibble counts them, after the interface bytes TD chains.</summary>
    public static ReadOnlySpan<byte> HistoricalBytes(ReadOnlySpan<byte> atr)
    {
        if (atr.Length < 2 || atr[0] is not (0x3B or 0x3F)) return [];
        var count = atr[1] & 0x0F;
        var indicator = atr[1] >> 4; // which of TAi, TBi, TCi, TDi follow
        var pos = 2;
        while (indicator != 0)
        {
            var next = 0;
            for (var bit = 0; bit < 4; bit++)
            {
                if ((indicator & (1 << bit)) == 0) continue;
                if (pos >= atr.Length) return [];
                if (bit == 3) next = atr[pos] >> 4;
                pos++;
            }
            indicator = next;
        }
        return pos + count <= atr.Length ? atr.Slice(pos, count) : [];
    }
}
