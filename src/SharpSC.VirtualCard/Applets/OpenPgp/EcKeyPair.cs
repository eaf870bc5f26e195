using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>An EC key on a NIST curve: ECDSA on the hash the host sends (r || s), ECDH answering the shared X.</summary>
internal sealed class EcKeyPair(ECPrivateKeyParameters key, PgpCurve curve) : PgpKeyPair
{
    public ECPrivateKeyParameters Key { get; } = key;
    public PgpCurve Curve { get; } = curve;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public static EcKeyPair Generate(PgpCurve curve)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(curve.Domain(), CardRandom.Instance));
        return new EcKeyPair((ECPrivateKeyParameters)generator.GenerateKeyPair().Private, curve);
    }

    /// <summary>Key import: the scalar must lie in [1, n-1]; a public key sent along must be its point.</summary>
    public static EcKeyPair FromScalar(PgpCurve curve, byte[] scalar, byte[]? publicKey)
    {
        var domain = curve.Domain();
        var d = new BigInteger(1, scalar);
        if (scalar.Length > curve.FieldBytes || d.SignValue <= 0 || d.CompareTo(domain.N) >= 0) throw IsoException.Of(StatusWords.WrongData);
        var pair = new EcKeyPair(new ECPrivateKeyParameters(d, domain), curve);
        if (publicKey != null && !publicKey.AsSpan().SequenceEqual(pair.PublicPoint())) throw IsoException.Of(StatusWords.WrongData);
        return pair;
    }

    public byte[] PublicPoint() => Key.Parameters.G.Multiply(Key.D).Normalize().GetEncoded(false);

    public override byte[] PublicKeyTemplate() => PgpTlv.Encode(PgpSpec.Tag.PublicKey, PgpTlv.Encode(0x86, PublicPoint()));

    /// <summary>ECDSA on a hash of any length up to 64 bytes (truncated to the order as SEC 1 §4.1.3 says); r || s.</summary>
    public override byte[] Sign(byte[] input)
    {
        if (input.Length is 0 or > 64) throw IsoException.Of(StatusWords.WrongLength);
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(Key, CardRandom.Instance));
        var rs = signer.GenerateSignature(input);
        return [.. BigIntegers.AsUnsignedByteArray(Curve.FieldBytes, rs[0]), .. BigIntegers.AsUnsignedByteArray(Curve.FieldBytes, rs[1])];
    }

    /// <summary>ECDH with the host's ephemeral point (04 || X || Y); a point not on the curve is 6A80.</summary>
    public override byte[] Decipher(byte[] input)
    {
        ECPublicKeyParameters peer;
        try
        {
            var point = Key.Parameters.Curve.DecodePoint(input);
            if (input.Length != 1 + 2 * Curve.FieldBytes || !point.IsValid()) throw IsoException.Of(StatusWords.WrongData);
            peer = new ECPublicKeyParameters(point, Key.Parameters);
        }
        catch (ArgumentException)
        {
            throw IsoException.Of(StatusWords.WrongData);
        }
        var agreement = new ECDHBasicAgreement();
        agreement.Init(Key);
        return BigIntegers.AsUnsignedByteArray(Curve.FieldBytes, agreement.CalculateAgreement(peer));
    }
}
