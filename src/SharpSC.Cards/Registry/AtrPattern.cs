using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Registry;

/// <summary>An ATR with a mask (as in OpenSC's atrmask): a card matches when (ATR &amp; mask) == (value &amp; mask).</summary>
public sealed record AtrPattern(byte[] Value, byte[] Mask)
{
    /// <summary>"3B:80:80:01:01" or "3B8080010 1"; mask "FF:FF:..." (default: all bits).</summary>
    public static AtrPattern Parse(string value, string? mask = null)
    {
        var v = Hex.Decode(value);
        var m = mask == null ? Enumerable.Repeat((byte)0xFF, v.Length).ToArray() : Hex.Decode(mask);
        return m.Length == v.Length ? new AtrPattern(v, m) : throw new ArgumentException("ATR and mask differ in length.", nameof(mask));
    }

    public bool Matches(ReadOnlySpan<byte> atr)
    {
        if (atr.Length != Value.Length) return false;
        for (var i = 0; i < atr.Length; i++)
            if ((atr[i] & Mask[i]) != (Value[i] & Mask[i])) return false;
        return true;
    }
}
