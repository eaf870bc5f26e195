using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// ECDSA signatures: cards answer a DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }); PKCS#11
/// 3.0 §2.3.6 wants r‖s, each left-padded to the byte length of the curve order.
/// </summary>
internal static class EcdsaSignatureFormat
{
    /// <summary>
    /// The card's answer in PKCS#11 form: a DER ECDSA-Sig-Value (ISO 7816-8 cards, PIV), or r‖s already
    /// (OpenPGP cards answer that way) when it is not exactly one DER SEQUENCE of two INTEGERs.
    /// </summary>
    public static byte[] ToRaw(byte[] answer, int fieldBytes)
    {
        // r‖s of the right length is DER only if it re-encodes to itself exactly (never by chance in practice).
        var rawLength = answer.Length == 2 * fieldBytes;
        if (Parse(answer, strict: rawLength) is { } rs) return Place(rs.R, rs.S, fieldBytes);
        if (rawLength) return answer;
        throw new Pkcs11Exception(CKR_DEVICE_ERROR, "the card's ECDSA signature is neither a DER ECDSA-Sig-Value nor r‖s");
    }

    public static byte[] DerToRaw(byte[] der, int fieldBytes) =>
        Parse(der, strict: false) is { } rs ? Place(rs.R, rs.S, fieldBytes)
            : throw new Pkcs11Exception(CKR_DEVICE_ERROR, "the card's ECDSA signature is not a DER ECDSA-Sig-Value");

    private static (BigInteger R, BigInteger S)? Parse(byte[] der, bool strict)
    {
        try
        {
            var o = Asn1Object.FromByteArray(der);
            if (o is not Asn1Sequence seq || seq.Count != 2 || (strict && !o.GetDerEncoded().AsSpan().SequenceEqual(der))) return null;
            return (DerInteger.GetInstance(seq[0]).PositiveValue, DerInteger.GetInstance(seq[1]).PositiveValue);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static byte[] Place(BigInteger r, BigInteger s, int fieldBytes)
    {
        var raw = new byte[2 * fieldBytes];
        Place(r, raw.AsSpan(0, fieldBytes));
        Place(s, raw.AsSpan(fieldBytes, fieldBytes));
        return raw;
    }

    public static (BigInteger R, BigInteger S)? RawToIntegers(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw.Length % 2 != 0) return null;
        var half = raw.Length / 2;
        return (new BigInteger(1, raw[..half].ToArray()), new BigInteger(1, raw[half..].ToArray()));
    }

    private static void Place(BigInteger value, Span<byte> target)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length > target.Length) throw new Pkcs11Exception(CKR_DEVICE_ERROR, "ECDSA signature value larger than the curve");
        bytes.CopyTo(target[(target.Length - bytes.Length)..]);
    }
}
