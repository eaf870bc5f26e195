using System.Globalization;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Keys;

/// <summary>
/// ECDSA signature formats: the card answers a DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER },
/// RFC 3279 §2.2.3); PKCS#11 CKM_ECDSA wants r || s, each left-padded to the curve's field size.
/// </summary>
public static class EcdsaSignature
{
    public static byte[] DerToRaw(ReadOnlySpan<byte> der, int fieldBytes)
    {
        if (fieldBytes is < 1 or > 128)
            throw new ArgumentOutOfRangeException(nameof(fieldBytes), fieldBytes, "Field size must be 1..128 bytes.");
        var sequence = BerTlv.ParseSingle(der.ToArray(), 0x30, "ECDSA signature");
        var parts = BerTlv.Parse(sequence.Value, skipPadding: false);
        if (parts.Count != 2 || parts[0].Tag != 0x02 || parts[1].Tag != 0x02)
            throw CardException.Malformed("ECDSA signature: expected SEQUENCE of two INTEGERs.");
        var raw = new byte[2 * fieldBytes];
        CopyInteger(parts[0].Value.Span, raw.AsSpan(0, fieldBytes), "r");
        CopyInteger(parts[1].Value.Span, raw.AsSpan(fieldBytes), "s");
        return raw;
    }

    public static byte[] RawToDer(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw.Length % 2 != 0)
            throw new ArgumentException("r || s must have an even, non-zero length.", nameof(raw));
        var half = raw.Length / 2;
        var body = new List<byte>();
        BerTlv.Write(body, 0x02, Integer(raw[..half]));
        BerTlv.Write(body, 0x02, Integer(raw[half..]));
        return BerTlv.Encode(0x30, body.ToArray());
    }

    private static void CopyInteger(ReadOnlySpan<byte> value, Span<byte> target, string name)
    {
        if (value.IsEmpty || (value[0] & 0x80) != 0)
            throw CardException.Malformed($"ECDSA signature: {name} is not a positive INTEGER.");
        while (value.Length > 1 && value[0] == 0)
            value = value[1..];
        if (value.Length > target.Length)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"ECDSA signature: {name} has {value.Length} bytes, the curve field only {target.Length}."));
        value.CopyTo(target[(target.Length - value.Length)..]);
    }

    private static byte[] Integer(ReadOnlySpan<byte> unsigned)
    {
        while (unsigned.Length > 1 && unsigned[0] == 0)
            unsigned = unsigned[1..];
        return (unsigned[0] & 0x80) != 0 ? [0x00, .. unsigned] : unsigned.ToArray();
    }
}
