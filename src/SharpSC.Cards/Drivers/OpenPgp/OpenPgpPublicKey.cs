using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// A public key as the card answers GENERATE (§7.2.14): RSA modulus and exponent, or the point of an ECC key
/// (04 || X || Y for Weierstrass curves, the 32 native bytes for Ed25519 and X25519). Checked against the key's
/// algorithm attributes: a key that does not fit them is a malformed answer with the reason, never used.
/// </summary>
public sealed record OpenPgpPublicKey(AlgorithmAttributes Attributes, byte[]? Modulus, byte[]? Exponent, byte[]? Point)
{
    public bool IsRsa => Modulus != null;

    /// <summary>Parses the answer (7F49 template, also when the card sent its content only).</summary>
    public static OpenPgpPublicKey Parse(ReadOnlyMemory<byte> answer, AlgorithmAttributes attributes, OpenPgpKeyRef key)
    {
        var elements = BerTlv.Parse(answer, skipPadding: false);
        var template = BerTlv.Find(elements, OpenPgpSpec.Tag.PublicKey) ?? answer;
        var parts = BerTlv.Parse(template, skipPadding: false);
        var what = $"public key of the {key.Label().ToLowerInvariant()} ({attributes})";
        switch (attributes.Algorithm)
        {
            case OpenPgpAlgorithm.Rsa:
            {
                var modulus = StripZeros(BerTlv.Require(parts, OpenPgpSpec.Tag.RsaModulus, what).Span);
                var exponent = StripZeros(BerTlv.Require(parts, OpenPgpSpec.Tag.RsaExponent, what).Span);
                var bits = BitLength(modulus);
                if (bits != attributes.ModulusBits)
                    throw Mismatch(what, string.Create(CultureInfo.InvariantCulture, $"a {bits}-bit modulus"));
                if (exponent.Length == 0 || (exponent[^1] & 1) == 0 || BitLength(exponent) > Math.Max(attributes.ExponentBits, 17))
                    throw Mismatch(what, $"public exponent {Hex.Encode(exponent)}");
                return new OpenPgpPublicKey(attributes, modulus, exponent, null);
            }
            case OpenPgpAlgorithm.Ecdsa or OpenPgpAlgorithm.Ecdh or OpenPgpAlgorithm.EdDsa:
            {
                var point = BerTlv.Require(parts, OpenPgpSpec.Tag.EcPublicKey, what).ToArray();
                var curve = attributes.Curve!;
                var fits = curve.Kind == OpenPgpCurveKind.Weierstrass
                    ? point.Length == 1 + 2 * curve.FieldBytes && point[0] == 0x04
                    : point.Length == 32;
                if (!fits) throw Mismatch(what, string.Create(CultureInfo.InvariantCulture, $"a point of {point.Length} bytes"));
                return new OpenPgpPublicKey(attributes, null, null, point);
            }
            default:
                throw new CardException(CardError.NotSupportedByDriver, $"The {what} uses an algorithm this driver does not know.");
        }
    }

    private static CardException Mismatch(string what, string found) =>
        CardException.Malformed($"the card answered {found} for the {what}, which its algorithm attributes do not allow.");

    private static byte[] StripZeros(ReadOnlySpan<byte> value)
    {
        var i = 0;
        while (i < value.Length && value[i] == 0) i++;
        return value[i..].ToArray();
    }

    internal static int BitLength(ReadOnlySpan<byte> unsigned)
    {
        var i = 0;
        while (i < unsigned.Length && unsigned[i] == 0) i++;
        if (i == unsigned.Length) return 0;
        return (unsigned.Length - i - 1) * 8 + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)unsigned[i]));
    }
}
