using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>An RSA key: PKCS#1 v1.5 signatures over what the host sends (DigestInfo), PKCS#1 v1.5 decryption.</summary>
internal sealed class RsaKeyPair(RsaPrivateCrtKeyParameters key) : PgpKeyPair
{
    private static readonly BigInteger PublicExponent = BigInteger.ValueOf(65537);

    public RsaPrivateCrtKeyParameters Key { get; } = key;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public override bool IsRsa => true;

    public int ModulusBytes => (Key.Modulus.BitLength + 7) / 8;

    /// <summary>On-card generation, always with e = 65537 (§7.2.14).</summary>
    public static RsaKeyPair Generate(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(PublicExponent, CardRandom.Instance, bits, 100));
        return new RsaKeyPair((RsaPrivateCrtKeyParameters)generator.GenerateKeyPair().Private);
    }

    /// <summary>
    /// A key from its primes and public exponent (key import, §4.4.3.12); the CRT values and modulus the host
    /// may send are checked against them. Inconsistent material is 6A80.
    /// </summary>
    public static RsaKeyPair FromPrimes(BigInteger e, BigInteger p, BigInteger q, int modulusBits, BigInteger? n)
    {
        if (e.SignValue <= 0 || !e.TestBit(0) || p.SignValue <= 0 || q.SignValue <= 0) throw IsoException.Of(StatusWords.WrongData);
        var modulus = p.Multiply(q);
        if (modulus.BitLength != modulusBits || (n != null && !n.Equals(modulus))) throw IsoException.Of(StatusWords.WrongData);
        var pm1 = p.Subtract(BigInteger.One);
        var qm1 = q.Subtract(BigInteger.One);
        var phi = pm1.Multiply(qm1);
        if (!e.Gcd(phi).Equals(BigInteger.One) || !p.IsProbablePrime(20) || !q.IsProbablePrime(20)) throw IsoException.Of(StatusWords.WrongData);
        var d = e.ModInverse(phi);
        var key = new RsaPrivateCrtKeyParameters(modulus, e, d, p, q, d.Mod(pm1), d.Mod(qm1), q.ModInverse(p));
        return new RsaKeyPair(key);
    }

    public override byte[] PublicKeyTemplate()
    {
        var inner = new List<byte>();
        PgpTlv.Add(inner, 0x81, BigIntegers.AsUnsignedByteArray(ModulusBytes, Key.Modulus));
        PgpTlv.Add(inner, 0x82, Key.PublicExponent.ToByteArrayUnsigned());
        return PgpTlv.Encode(PgpSpec.Tag.PublicKey, inner.ToArray());
    }

    /// <summary>
    /// Block type 01 padding of the input, then the private-key operation. The input may take at most 40 % of the
    /// modulus length (§7.2.10: a DigestInfo up to SHA-512 fits every key from 2048 bits); more is 6700.
    /// </summary>
    public override byte[] Sign(byte[] input)
    {
        if (input.Length == 0 || input.Length > ModulusBytes * 40 / 100) throw IsoException.Of(StatusWords.WrongLength);
        var cipher = new Pkcs1Encoding(new RsaBlindedEngine());
        cipher.Init(true, new ParametersWithRandom(Key, CardRandom.Instance));
        return LeftPad(cipher.ProcessBlock(input, 0, input.Length));
    }

    /// <summary>Block type 02 unpadding; a cryptogram of the wrong length or with bad padding is 6A80.</summary>
    public override byte[] Decipher(byte[] input)
    {
        if (input.Length != ModulusBytes) throw IsoException.Of(StatusWords.WrongData);
        var cipher = new Pkcs1Encoding(new RsaBlindedEngine());
        cipher.Init(false, new ParametersWithRandom(Key, CardRandom.Instance));
        try
        {
            return cipher.ProcessBlock(input, 0, input.Length);
        }
        catch (Exception e) when (e is InvalidCipherTextException or DataLengthException)
        {
            throw IsoException.Of(StatusWords.WrongData);
        }
    }

    private byte[] LeftPad(byte[] value)
    {
        if (value.Length >= ModulusBytes) return value;
        var r = new byte[ModulusBytes];
        value.CopyTo(r, ModulusBytes - value.Length);
        return r;
    }
}
