using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>A private key in one of the applet's 16 key slots. Private keys never leave the card.</summary>
internal abstract class CardKey
{
    /// <summary>EEPROM object overhead charged per key.</summary>
    protected const int ObjectOverhead = 32;

    /// <summary>Key length in bits (RSA modulus, EC field).</summary>
    public abstract int SizeBits { get; }

    /// <summary>EEPROM bytes the key occupies (memory budget).</summary>
    public abstract int StorageCost { get; }

    public abstract AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>PKCS#8 PrivateKeyInfo DER, for the state file only.</summary>
    public byte[] ToPkcs8() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded();

    /// <summary>Restores a key from the state file's PKCS#8 DER.</summary>
    public static CardKey FromPkcs8(byte[] der) => PrivateKeyFactory.CreateKey(der) switch
    {
        RsaPrivateCrtKeyParameters rsa => new RsaCardKey(rsa),
        ECPrivateKeyParameters ec => new EcCardKey(ec, EcCurve.FromDomain(ec.Parameters)),
        var other => throw new InvalidDataException($"unsupported key type {other.GetType().Name} in state file"),
    };
}

/// <summary>An RSA CRT private key (KeyBuilder.TYPE_RSA_CRT_PRIVATE).</summary>
internal sealed class RsaCardKey(RsaPrivateCrtKeyParameters key) : CardKey
{
    public RsaPrivateCrtKeyParameters Key { get; } = key;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public override int SizeBits => Key.Modulus.BitLength <= 2048 ? 2048 : 4096;

    public int ModulusBytes => SizeBits / 8;

    public override int StorageCost => StorageCostFor(SizeBits);

    /// <summary>p, q, dp, dq and qinv, half the modulus length each.</summary>
    public static int StorageCostFor(int bits) => ObjectOverhead + 5 * (bits / 16);
}

/// <summary>An EC private key over a prime field (KeyBuilder.TYPE_EC_FP_PRIVATE) with its curve parameters.</summary>
internal sealed class EcCardKey(ECPrivateKeyParameters key, EcCurve curve) : CardKey
{
    public ECPrivateKeyParameters Key { get; } = key;
    public EcCurve Curve { get; } = curve;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public override int SizeBits => Curve.FieldBits;

    // p, a, b, r, S (one field length each), G (2 field lengths + 1), cofactor.
    public override int StorageCost => ObjectOverhead + 7 * Curve.FieldBytes + 3;
}
