using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>The public key data object 7F49 returned by GENERATE ASYMMETRIC KEY PAIR (ISO 7816-8 table 3).</summary>
internal static class PublicKeyTemplate
{
    private const int PublicKeyTag = 0x7F49;

    /// <summary>7F49 {81 modulus (key length), 82 exponent (3 bytes for 65537)}.</summary>
    public static byte[] Rsa(RsaKeyParameters key, int modulusBytes)
    {
        var modulus = BigIntegers.AsUnsignedByteArray(modulusBytes, key.Modulus);
        var exponent = key.Exponent.ToByteArrayUnsigned();
        var inner = new List<byte>();
        AppletTlv.WriteTagAndLength(inner, 0x81, modulus.Length);
        inner.AddRange(modulus);
        AppletTlv.WriteTagAndLength(inner, 0x82, exponent.Length);
        inner.AddRange(exponent);
        return Wrap(inner);
    }

    /// <summary>
    /// 7F49 {81 p, 82 a, 83 b, 84 G, 85 order, 86 public point, 87 cofactor (2 bytes)}: field elements padded
    /// to the field length, points uncompressed (IsoApplet sendECPublicKey).
    /// </summary>
    public static byte[] Ec(EcCurve curve, ECPoint publicPoint)
    {
        var d = curve.Domain;
        var inner = new List<byte>();
        Add(inner, 0x81, curve.Pad(d.Curve.Field.Characteristic));
        Add(inner, 0x82, curve.Pad(d.Curve.A.ToBigInteger()));
        Add(inner, 0x83, curve.Pad(d.Curve.B.ToBigInteger()));
        Add(inner, 0x84, d.G.Normalize().GetEncoded(false));
        Add(inner, 0x85, curve.Pad(d.N));
        Add(inner, 0x86, publicPoint.Normalize().GetEncoded(false));
        Add(inner, 0x87, BigIntegers.AsUnsignedByteArray(2, d.H ?? BigInteger.One));
        return Wrap(inner);
    }

    private static void Add(List<byte> output, int tag, byte[] value)
    {
        AppletTlv.WriteTagAndLength(output, tag, value.Length);
        output.AddRange(value);
    }

    private static byte[] Wrap(List<byte> inner)
    {
        var outer = new List<byte>(inner.Count + 5);
        AppletTlv.WriteTagAndLength(outer, PublicKeyTag, inner.Count);
        outer.AddRange(inner);
        return outer.ToArray();
    }
}
