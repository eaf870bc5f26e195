using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// An asymmetric key in a PIV slot with the Yubico attributes that go with it (PIN and touch policy,
/// generated or imported). Private keys never leave the card; the state file keeps them as PKCS#8.
/// </summary>
internal abstract class PivKey
{
    protected PivKey(byte algorithm, byte pinPolicy, byte touchPolicy, byte origin)
    {
        Algorithm = algorithm;
        PinPolicy = pinPolicy;
        TouchPolicy = touchPolicy;
        Origin = origin;
    }

    public byte Algorithm { get; }
    public byte PinPolicy { get; }
    public byte TouchPolicy { get; }
    public byte Origin { get; }

    public abstract AsymmetricKeyParameter PrivateKey { get; }
    public abstract AsymmetricKeyParameter PublicKey { get; }

    /// <summary>The contents of the 7F49 template: 81 modulus, 82 exponent (RSA) or 86 point (EC).</summary>
    public abstract byte[] PublicKeyObjects();

    public byte[] ToPkcs8() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded();

    public static PivKey Generate(byte algorithm, byte pinPolicy, byte touchPolicy) => algorithm switch
    {
        PivSpec.AlgRsa1024 or PivSpec.AlgRsa2048 => PivRsaKey.GenerateRsa(algorithm, pinPolicy, touchPolicy),
        PivSpec.AlgEccP256 or PivSpec.AlgEccP384 => PivEcKey.GenerateEc(algorithm, pinPolicy, touchPolicy),
        _ => throw IsoException.Of(StatusWords.WrongData),
    };

    public static PivKey FromPkcs8(byte algorithm, byte pinPolicy, byte touchPolicy, byte origin, byte[] der) =>
        PrivateKeyFactory.CreateKey(der) switch
        {
            RsaPrivateCrtKeyParameters rsa when algorithm is PivSpec.AlgRsa1024 or PivSpec.AlgRsa2048 =>
                new PivRsaKey(algorithm, rsa, pinPolicy, touchPolicy, origin),
            ECPrivateKeyParameters ec when algorithm is PivSpec.AlgEccP256 or PivSpec.AlgEccP384 =>
                new PivEcKey(algorithm, ec, pinPolicy, touchPolicy, origin),
            _ => throw new InvalidDataException($"key of algorithm {algorithm:X2} does not match its PKCS#8 value"),
        };
}

/// <summary>RSA-1024 or RSA-2048 with e = 65537; the card computes raw RSA (the host pads).</summary>
internal sealed class PivRsaKey : PivKey
{
    public static readonly BigInteger PublicExponent = BigInteger.ValueOf(65537);

    public PivRsaKey(byte algorithm, RsaPrivateCrtKeyParameters key, byte pinPolicy, byte touchPolicy, byte origin)
        : base(algorithm, pinPolicy, touchPolicy, origin)
    {
        Key = key;
    }

    public RsaPrivateCrtKeyParameters Key { get; }

    public int ModulusBytes => Algorithm == PivSpec.AlgRsa1024 ? 128 : 256;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public override AsymmetricKeyParameter PublicKey => new RsaKeyParameters(false, Key.Modulus, Key.PublicExponent);

    public static int ModulusBits(byte algorithm) => algorithm == PivSpec.AlgRsa1024 ? 1024 : 2048;

    public static PivRsaKey GenerateRsa(byte algorithm, byte pinPolicy, byte touchPolicy)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(PublicExponent, CardRandom.Instance, ModulusBits(algorithm), 100));
        var pair = generator.GenerateKeyPair();
        return new PivRsaKey(algorithm, (RsaPrivateCrtKeyParameters)pair.Private, pinPolicy, touchPolicy, PivSpec.OriginGenerated);
    }

    /// <summary>
    /// Rebuilds a key from the CRT parts IMPORT KEY carries (p, q, dp, dq, qinv; e is 65537 as on a YubiKey).
    /// Parts of the wrong size or that do not form a key answer 6A80.
    /// </summary>
    public static PivRsaKey FromCrt(byte algorithm, byte[] p, byte[] q, byte[] dp, byte[] dq, byte[] qinv, byte pinPolicy, byte touchPolicy)
    {
        var half = ModulusBits(algorithm) / 16;
        if (new[] { p, q, dp, dq, qinv }.Any(v => v.Length == 0 || v.Length > half)) throw IsoException.Of(StatusWords.WrongData);
        var P = new BigInteger(1, p);
        var Q = new BigInteger(1, q);
        var n = P.Multiply(Q);
        if (n.BitLength != ModulusBits(algorithm)) throw IsoException.Of(StatusWords.WrongData);
        BigInteger d;
        try
        {
            d = PublicExponent.ModInverse(P.Subtract(BigInteger.One).Multiply(Q.Subtract(BigInteger.One)));
        }
        catch (ArithmeticException)
        {
            throw IsoException.Of(StatusWords.WrongData);
        }
        var DP = new BigInteger(1, dp);
        var DQ = new BigInteger(1, dq);
        var QINV = new BigInteger(1, qinv);
        if (!DP.Equals(d.Mod(P.Subtract(BigInteger.One))) || !DQ.Equals(d.Mod(Q.Subtract(BigInteger.One))) || !QINV.Equals(Q.ModInverse(P)))
            throw IsoException.Of(StatusWords.WrongData);
        var key = new RsaPrivateCrtKeyParameters(n, PublicExponent, d, P, Q, DP, DQ, QINV);
        return new PivRsaKey(algorithm, key, pinPolicy, touchPolicy, PivSpec.OriginImported);
    }

    public override byte[] PublicKeyObjects()
    {
        var list = new List<byte>();
        PivTlv.Write(list, 0x81, BigIntegers.AsUnsignedByteArray(ModulusBytes, Key.Modulus));
        PivTlv.Write(list, 0x82, Key.PublicExponent.ToByteArrayUnsigned());
        return list.ToArray();
    }

    /// <summary>The private-key operation on a block of exactly the modulus length below the modulus (raw RSA).</summary>
    public byte[] RawPrivate(ReadOnlySpan<byte> block)
    {
        if (block.Length != ModulusBytes) throw IsoException.Of(StatusWords.WrongData);
        var value = new BigInteger(1, block.ToArray());
        if (value.CompareTo(Key.Modulus) >= 0) throw IsoException.Of(StatusWords.WrongData);
        if (value.SignValue == 0) return new byte[ModulusBytes]; // 0^d = 0 (the engine refuses an all-zero input)
        var engine = new RsaBlindedEngine();
        engine.Init(false, new ParametersWithRandom(Key, CardRandom.Instance));
        var output = engine.ProcessBlock(block.ToArray(), 0, block.Length);
        return BigIntegers.AsUnsignedByteArray(ModulusBytes, new BigInteger(1, output));
    }
}

/// <summary>An EC key on P-256 or P-384: ECDSA on a hash the host computed, and ECDH.</summary>
internal sealed class PivEcKey : PivKey
{
    public PivEcKey(byte algorithm, ECPrivateKeyParameters key, byte pinPolicy, byte touchPolicy, byte origin)
        : base(algorithm, pinPolicy, touchPolicy, origin)
    {
        Key = key;
    }

    public ECPrivateKeyParameters Key { get; }

    public int FieldBytes => Algorithm == PivSpec.AlgEccP256 ? 32 : 48;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public override AsymmetricKeyParameter PublicKey => new ECPublicKeyParameters(Key.Parameters.G.Multiply(Key.D).Normalize(), Key.Parameters);

    public static ECNamedDomainParameters Domain(byte algorithm)
    {
        var name = algorithm == PivSpec.AlgEccP256 ? "P-256" : "P-384";
        var oid = ECNamedCurveTable.GetOid(name);
        return new ECNamedDomainParameters(oid, ECNamedCurveTable.GetByName(name));
    }

    public static PivEcKey GenerateEc(byte algorithm, byte pinPolicy, byte touchPolicy)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain(algorithm), CardRandom.Instance));
        var pair = generator.GenerateKeyPair();
        return new PivEcKey(algorithm, (ECPrivateKeyParameters)pair.Private, pinPolicy, touchPolicy, PivSpec.OriginGenerated);
    }

    /// <summary>IMPORT KEY tag 06: the private scalar, exactly the field length, in [1, n-1].</summary>
    public static PivEcKey FromScalar(byte algorithm, byte[] d, byte pinPolicy, byte touchPolicy)
    {
        var domain = Domain(algorithm);
        var fieldBytes = algorithm == PivSpec.AlgEccP256 ? 32 : 48;
        var scalar = new BigInteger(1, d);
        if (d.Length != fieldBytes || scalar.SignValue <= 0 || scalar.CompareTo(domain.N) >= 0)
            throw IsoException.Of(StatusWords.WrongData);
        return new PivEcKey(algorithm, new ECPrivateKeyParameters(scalar, domain), pinPolicy, touchPolicy, PivSpec.OriginImported);
    }

    public byte[] Point() => ((ECPublicKeyParameters)PublicKey).Q.GetEncoded(false);

    public override byte[] PublicKeyObjects() => PivTlv.Encode(0x86, Point());

    /// <summary>ECDSA over a hash of at most the field length; the answer is a DER ECDSA-Sig-Value.</summary>
    public byte[] SignHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length == 0 || hash.Length > FieldBytes) throw IsoException.Of(StatusWords.WrongData);
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(Key, CardRandom.Instance));
        var rs = signer.GenerateSignature(hash.ToArray());
        return new DerSequence(new DerInteger(rs[0]), new DerInteger(rs[1])).GetDerEncoded();
    }

    /// <summary>ECDH (SP 800-56A C(0e, 2s)): the x coordinate of d·Q for an uncompressed peer point on the key's curve.</summary>
    public byte[] Agree(ReadOnlySpan<byte> peerPoint)
    {
        if (peerPoint.Length != 1 + 2 * FieldBytes || peerPoint[0] != 0x04) throw IsoException.Of(StatusWords.WrongData);
        ECPublicKeyParameters peer;
        try
        {
            var q = Key.Parameters.Curve.DecodePoint(peerPoint.ToArray());
            if (!q.IsValid() || q.IsInfinity) throw IsoException.Of(StatusWords.WrongData);
            peer = new ECPublicKeyParameters(q, Key.Parameters);
        }
        catch (ArgumentException)
        {
            throw IsoException.Of(StatusWords.WrongData);
        }
        var agreement = new ECDHBasicAgreement();
        agreement.Init(Key);
        return BigIntegers.AsUnsignedByteArray(FieldBytes, agreement.CalculateAgreement(peer));
    }
}
