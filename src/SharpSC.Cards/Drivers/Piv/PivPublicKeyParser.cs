using System.Globalization;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>
/// The public key objects a PIV card returns (GENERATE's 7F49, Yubico metadata tag 04): 81 modulus and
/// 82 exponent for RSA, 86 uncompressed point for EC (SP 800-73-4 Part 2 Table 13). Checked against the key
/// type the card claims: a slot that says RSA and holds a point is an error, not a guess.
/// </summary>
public static class PivPublicKeyParser
{
    public static PublicKeyInfo ParseTemplate(ReadOnlyMemory<byte> answer, KeySpec spec, string what) =>
        ParseObjects(BerTlv.ParseSingle(answer, TagPublicKey, what).Value, spec, what);

    public static PublicKeyInfo ParseObjects(ReadOnlyMemory<byte> objects, KeySpec spec, string what)
    {
        var inner = BerTlv.Parse(objects, skipPadding: false);
        if (spec.Algorithm == KeyAlgorithm.Rsa)
        {
            if (BerTlv.Find(inner, TagModulus) is not { } m || BerTlv.Find(inner, TagExponent) is not { } e)
                throw CardException.Malformed($"{what}: {spec} key without a modulus (81) and exponent (82){(BerTlv.Find(inner, TagPoint) != null ? "; it holds an EC point" : "")}.");
            var modulus = TrimLeadingZeros(m.Span);
            var exponent = TrimLeadingZeros(e.Span);
            if (modulus.Length != spec.SizeBits / 8 || (modulus[0] & 0x80) == 0)
                throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"{what}: a modulus of {modulus.Length} bytes for {spec}."));
            if (exponent.Length is 0 or > 8 || (exponent[^1] & 1) == 0)
                throw CardException.Malformed($"{what}: RSA public exponent {Apdu.Hex.Encode(exponent)}.");
            return new RsaPublicKeyInfo(modulus.ToArray(), exponent.ToArray());
        }
        var curve = spec.Curve!;
        if (BerTlv.Find(inner, TagPoint) is not { } p)
            throw CardException.Malformed($"{what}: {spec} key without a point (86){(BerTlv.Find(inner, TagModulus) != null ? "; it holds an RSA modulus" : "")}.");
        if (p.Length != curve.PointBytes || p.Span[0] != 0x04)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"{what}: an EC point of {p.Length} bytes for {curve} (expected {curve.PointBytes}, uncompressed)."));
        return new EcPublicKeyInfo(curve, p.ToArray());
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0) value = value[1..];
        return value;
    }
}
