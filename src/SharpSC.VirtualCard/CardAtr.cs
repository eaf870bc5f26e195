namespace SharpSC.VirtualCard;

/// <summary>Answer-to-reset helpers (ISO/IEC 7816-3 §8).</summary>
public static class CardAtr
{
    /// <summary>
    /// NXP JCOP 2.4.2 R2 (J3D081, 80 KB): TA1 13, T=1 with IFSC 254 and BWI 4 / CWI 5, historical bytes
    /// "JCOP242R2", TCK. A card the IsoApplet is commonly installed on.
    /// </summary>
    public static byte[] Default { get; } = WithChecksum(
        [0x3B, 0xF9, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x4A, 0x43, 0x4F, 0x50, 0x32, 0x34, 0x32, 0x52, 0x32]);

    /// <summary>Appends TCK, the XOR of T0 .. the last historical byte (required when T=1 is offered).</summary>
    public static byte[] WithChecksum(ReadOnlySpan<byte> atrWithoutTck)
    {
        var r = new byte[atrWithoutTck.Length + 1];
        atrWithoutTck.CopyTo(r);
        byte x = 0;
        for (var i = 1; i < atrWithoutTck.Length; i++) x ^= atrWithoutTck[i];
        r[^1] = x;
        return r;
    }

    /// <summary>Checks that bytes look like an ATR (TS 3B or 3F, 2..33 bytes); throws ArgumentException with the reason.</summary>
    public static byte[] Validate(byte[] atr)
    {
        if (atr.Length is < 2 or > 33) throw new ArgumentException($"an ATR has 2 to 33 bytes, not {atr.Length}");
        if (atr[0] is not (0x3B or 0x3F)) throw new ArgumentException($"an ATR starts with 3B or 3F, not {atr[0]:X2}");
        return atr;
    }
}
