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
    public static byte[] DerToRaw(byte[] der, int fieldBytes)
    {
        BigInteger r, s;
        try
        {
            var seq = Asn1Sequence.GetInstance(der);
            if (seq.Count != 2) throw new ArgumentException("not two integers");
            r = DerInteger.GetInstance(seq[0]).PositiveValue;
            s = DerInteger.GetInstance(seq[1]).PositiveValue;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            throw new Pkcs11Exception(CKR_DEVICE_ERROR, "the card's ECDSA signature is not a DER ECDSA-Sig-Value", e);
        }
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
