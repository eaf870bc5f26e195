using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace SharpSC.VirtualCard.Tests.OpenPgp;

/// <summary>What a host does with the card's public keys: parse 7F49, verify signatures, encrypt, agree.</summary>
internal static class HostCrypto
{
    public static readonly SecureRandom Random = new();

    public static readonly byte[] Sha256DigestInfoPrefix = Convert.FromHexString("3031300D060960864801650304020105000420");

    public static byte[] Sha256(byte[] data) => DigestUtilities.CalculateDigest("SHA-256", data);

    public static byte[] DigestInfo(byte[] data) => [.. Sha256DigestInfoPrefix, .. Sha256(data)];

    /// <summary>The values of 7F49 by tag (81, 82, 86).</summary>
    public static Dictionary<int, byte[]> Template(byte[] response)
    {
        Assert.Equal(0x7F, response[0]);
        Assert.Equal(0x49, response[1]);
        var (length, pos) = Length(response, 2);
        Assert.Equal(response.Length, pos + length);
        var result = new Dictionary<int, byte[]>();
        while (pos < response.Length)
        {
            var tag = response[pos];
            (length, pos) = Length(response, pos + 1);
            result[tag] = response[pos..(pos + length)];
            pos += length;
        }
        return result;
    }

    private static (int Length, int Next) Length(byte[] b, int pos) => b[pos] switch
    {
        0x81 => (b[pos + 1], pos + 2),
        0x82 => (b[pos + 1] << 8 | b[pos + 2], pos + 3),
        var l => (l, pos + 1),
    };

    public static RsaKeyParameters Rsa(byte[] template)
    {
        var t = Template(template);
        return new RsaKeyParameters(false, new BigInteger(1, t[0x81]), new BigInteger(1, t[0x82]));
    }

    public static ECPublicKeyParameters Ec(byte[] template, string curve)
    {
        var x9 = ECNamedCurveTable.GetByName(curve);
        var domain = new ECDomainParameters(x9);
        return new ECPublicKeyParameters(x9.Curve.DecodePoint(Template(template)[0x86]), domain);
    }

    public static bool VerifyPkcs1(RsaKeyParameters key, byte[] message, byte[] signature)
    {
        var signer = new RsaDigestSigner(new Org.BouncyCastle.Crypto.Digests.Sha256Digest());
        signer.Init(false, key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.VerifySignature(signature);
    }

    /// <summary>Raw PKCS#1 v1.5 type 1 check: the signature opens to exactly <paramref name="input"/>.</summary>
    public static byte[] OpenPkcs1Signature(RsaKeyParameters key, byte[] signature)
    {
        var cipher = new Pkcs1Encoding(new RsaEngine());
        cipher.Init(false, key);
        return cipher.ProcessBlock(signature, 0, signature.Length);
    }

    public static bool VerifyEcdsa(ECPublicKeyParameters key, byte[] hash, byte[] rs)
    {
        var half = rs.Length / 2;
        var signer = new ECDsaSigner();
        signer.Init(false, key);
        return signer.VerifySignature(hash, new BigInteger(1, rs[..half]), new BigInteger(1, rs[half..]));
    }

    public static bool VerifyEd25519(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    public static byte[] EncryptPkcs1(RsaKeyParameters key, byte[] plaintext)
    {
        var cipher = new Pkcs1Encoding(new RsaEngine());
        cipher.Init(true, new ParametersWithRandom(key, Random));
        var c = cipher.ProcessBlock(plaintext, 0, plaintext.Length);
        return BigIntegers.AsUnsignedByteArray((key.Modulus.BitLength + 7) / 8, new BigInteger(1, c));
    }

    /// <summary>An ephemeral EC key pair on the card key's curve, and the X of the agreed point.</summary>
    public static (byte[] EphemeralPoint, byte[] SharedX) Ecdh(ECPublicKeyParameters cardKey)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(cardKey.Parameters, Random));
        var pair = generator.GenerateKeyPair();
        var agreement = new ECDHBasicAgreement();
        agreement.Init(pair.Private);
        var fieldBytes = (cardKey.Parameters.Curve.FieldSize + 7) / 8;
        var shared = BigIntegers.AsUnsignedByteArray(fieldBytes, agreement.CalculateAgreement(cardKey));
        return (((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false), shared);
    }

    public static (byte[] EphemeralPublic, byte[] Shared) X25519(byte[] cardPublic)
    {
        var mine = new X25519PrivateKeyParameters(Random);
        var shared = new byte[32];
        mine.GenerateSecret(new X25519PublicKeyParameters(cardPublic), shared, 0);
        return (mine.GeneratePublicKey().GetEncoded(), shared);
    }

    /// <summary>The cipher DO of PSO:DECIPHER for ECDH: A6 { 7F49 { 86 point } }.</summary>
    public static byte[] CipherDo(byte[] point)
    {
        byte[] inner = [0x86, .. Length(point.Length), .. point];
        byte[] template = [0x7F, 0x49, .. Length(inner.Length), .. inner];
        return [0xA6, .. Length(template.Length), .. template];
    }

    private static byte[] Length(int length) => length < 0x80 ? [(byte)length] : [0x81, (byte)length];

    public static DerObjectIdentifier Oid(string dotted) => new(dotted);
}
