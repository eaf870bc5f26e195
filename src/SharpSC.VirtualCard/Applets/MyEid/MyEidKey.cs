using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// The key in a key file, as its components arrive (PUT DATA, one component per command) or as GENERATE makes
/// them. The file type and size fix what the key is: RSA of the file size in bits, EC on the curve of that field
/// size, or a DES/AES secret. Private components never leave the card.
/// </summary>
internal abstract class MyEidKey
{
    /// <summary>The components by their PUT DATA tag, for the state file.</summary>
    public abstract IEnumerable<(byte Tag, byte[] Value)> Components();

    /// <summary>Whether the key can be used (all private components loaded).</summary>
    public abstract bool IsComplete { get; }

    /// <summary>An empty key for a key file of the given type and size; 6981 when the file cannot hold a key.</summary>
    public static MyEidKey ForFile(MyEidFile file) => file.BaseType switch
    {
        MyEidFileTypes.RsaKey when MyEidRsaKey.IsSupportedSize(file.Size) => new MyEidRsaKey(file.Size),
        MyEidFileTypes.EcKey or MyEidFileTypes.EcKeySecp256k1 when MyEidEcKey.CurveFor(file) is { } curve => new MyEidEcKey(curve),
        MyEidFileTypes.DesKey or MyEidFileTypes.AesKey => new MyEidSecretKey(),
        _ => throw IsoException.Of(StatusWords.IncompatibleFileStructure),
    };

    /// <summary>Sets one component (PUT DATA P2 tag); 6A86 for a tag this key type has no use for.</summary>
    public abstract void SetComponent(byte tag, byte[] value);

    protected static byte[] Unsigned(BigInteger value) => value.ToByteArrayUnsigned();
}

/// <summary>An RSA key in CRT form (p, q, dp, dq, qinv) and its public exponent; the modulus is p·q.</summary>
internal sealed class MyEidRsaKey(int bits) : MyEidKey
{
    public static readonly BigInteger DefaultExponent = BigInteger.ValueOf(65537);

    public int Bits { get; } = bits;
    public BigInteger? P { get; private set; }
    public BigInteger? Q { get; private set; }
    public BigInteger? Dp { get; private set; }
    public BigInteger? Dq { get; private set; }
    public BigInteger? QInv { get; private set; }
    public BigInteger? Exponent { get; private set; }

    public override bool IsComplete => P != null && Q != null && Dp != null && Dq != null && QInv != null;

    public int ModulusBytes => Bits / 8;

    /// <summary>512..4096 bits in steps of 256 (and 768), what OpenSC asks of MyEID 4.x.</summary>
    public static bool IsSupportedSize(int bits) => bits is >= 512 and <= 4096 && (bits % 256 == 0);

    public static MyEidRsaKey Generate(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(DefaultExponent, CardRandom.Instance, bits, 100));
        var k = (RsaPrivateCrtKeyParameters)generator.GenerateKeyPair().Private;
        return new MyEidRsaKey(bits) { P = k.P, Q = k.Q, Dp = k.DP, Dq = k.DQ, QInv = k.QInv, Exponent = k.PublicExponent };
    }

    public byte[] Modulus() => BigIntegers.AsUnsignedByteArray(ModulusBytes, P!.Multiply(Q!));

    public byte[] PublicExponent() => Unsigned(Exponent ?? DefaultExponent);

    /// <summary>
    /// c^d mod n by the CRT (Garner). The input is exactly the modulus length and below the modulus, else 6A80.
    /// </summary>
    public byte[] PrivateOperation(ReadOnlySpan<byte> input)
    {
        var c = new BigInteger(1, input.ToArray());
        var n = P!.Multiply(Q!);
        if (c.CompareTo(n) >= 0) throw IsoException.Of(StatusWords.WrongData);
        var m1 = c.ModPow(Dp!, P);
        var m2 = c.ModPow(Dq!, Q!);
        var h = QInv!.Multiply(m1.Subtract(m2)).Mod(P);
        return BigIntegers.AsUnsignedByteArray(ModulusBytes, m2.Add(h.Multiply(Q!)));
    }

    public override void SetComponent(byte tag, byte[] value)
    {
        var half = (Bits + 15) / 16;
        switch (tag)
        {
            case MyEidDataObjects.KeyPrimeP: P = Half(value, half); break;
            case MyEidDataObjects.KeyPrimeQ: Q = Half(value, half); break;
            case MyEidDataObjects.KeyDp: Dp = Half(value, half); break;
            case MyEidDataObjects.KeyDq: Dq = Half(value, half); break;
            case MyEidDataObjects.KeyQInv: QInv = Half(value, half); break;
            case MyEidDataObjects.KeyPublicExponent:
                var e = new BigInteger(1, value);
                if (value.Length is 0 or > 8 || !e.TestBit(0) || e.CompareTo(BigInteger.Three) < 0)
                    throw IsoException.Of(StatusWords.DataInvalid);
                Exponent = e;
                break;
            case MyEidDataObjects.KeyModulus:
            case MyEidDataObjects.KeyModulusFirstHalf:
            case MyEidDataObjects.KeyModulusSecondHalf:
                // The card computes the modulus from p and q (MyEID manual: the modulus is optional).
                break;
            default:
                throw IsoException.Of(StatusWords.IncorrectP1P2);
        }
    }

    public override IEnumerable<(byte, byte[])> Components()
    {
        if (P != null) yield return (MyEidDataObjects.KeyPrimeP, Unsigned(P));
        if (Q != null) yield return (MyEidDataObjects.KeyPrimeQ, Unsigned(Q));
        if (Dp != null) yield return (MyEidDataObjects.KeyDp, Unsigned(Dp));
        if (Dq != null) yield return (MyEidDataObjects.KeyDq, Unsigned(Dq));
        if (QInv != null) yield return (MyEidDataObjects.KeyQInv, Unsigned(QInv));
        if (Exponent != null) yield return (MyEidDataObjects.KeyPublicExponent, Unsigned(Exponent));
    }

    // A CRT component is at most half the modulus long; leading zero bytes (OpenSC prefixes one) are dropped.
    private static BigInteger Half(byte[] value, int halfBytes)
    {
        var v = new BigInteger(1, value);
        if (value.Length == 0 || v.SignValue == 0 || (v.BitLength + 7) / 8 > halfBytes)
            throw IsoException.Of(StatusWords.WrongLength);
        return v;
    }
}

/// <summary>An EC key on a named prime curve: the private scalar and the public point (uncompressed).</summary>
internal sealed class MyEidEcKey(ECNamedDomainParameters curve) : MyEidKey
{
    public ECNamedDomainParameters Curve { get; } = curve;
    public BigInteger? D { get; private set; }
    private ECPoint? _public;

    public int FieldBytes => (Curve.Curve.FieldSize + 7) / 8;

    public override bool IsComplete => D != null;

    /// <summary>The curve of an EC key file: type 22 with size 192/256/384/521 (NIST), type 23 with 256 (secp256k1).</summary>
    public static ECNamedDomainParameters? CurveFor(MyEidFile file)
    {
        var name = (file.BaseType, file.Size) switch
        {
            (MyEidFileTypes.EcKey, 192) => "secp192r1",
            (MyEidFileTypes.EcKey, 256) => "secp256r1",
            (MyEidFileTypes.EcKey, 384) => "secp384r1",
            (MyEidFileTypes.EcKey, 521) => "secp521r1",
            (MyEidFileTypes.EcKeySecp256k1, 256) => "secp256k1",
            _ => null,
        };
        if (name == null) return null;
        var oid = ECNamedCurveTable.GetOid(name);
        return new ECNamedDomainParameters(oid, ECNamedCurveTable.GetByOid(oid));
    }

    public static MyEidEcKey Generate(ECNamedDomainParameters curve)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(curve, CardRandom.Instance));
        var pair = generator.GenerateKeyPair();
        return new MyEidEcKey(curve)
        {
            D = ((ECPrivateKeyParameters)pair.Private).D,
            _public = ((ECPublicKeyParameters)pair.Public).Q,
        };
    }

    /// <summary>04 || X || Y; computed from d when only the private key was loaded.</summary>
    public byte[] PublicPoint() => (_public ?? Curve.G.Multiply(D!)).Normalize().GetEncoded(false);

    /// <summary>
    /// ECDSA over the data as given (the host hashes, and OpenSC pads the hash with zeros to the field length):
    /// the data is the number e of SEC 1 §4.1.3, so leading zero bytes are dropped before the leftmost-bits rule,
    /// which then only cuts data longer than the order. Answered as DER SEQUENCE { r, s }.
    /// </summary>
    public byte[] Sign(byte[] data)
    {
        if (data.Length > FieldBytes) throw IsoException.Of(StatusWords.WrongLength);
        var start = 0;
        while (start < data.Length - 1 && data[start] == 0) start++;
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(D!, Curve), CardRandom.Instance));
        var rs = signer.GenerateSignature(data[start..]);
        return new Org.BouncyCastle.Asn1.DerSequence(new Org.BouncyCastle.Asn1.DerInteger(rs[0]), new Org.BouncyCastle.Asn1.DerInteger(rs[1])).GetDerEncoded();
    }

    /// <summary>ECDH (cofactor 1 curves): the X coordinate of d·P, field length. 6984 when the point is not on the curve.</summary>
    public byte[] Agree(byte[] point)
    {
        ECPoint peer;
        try
        {
            peer = Curve.Curve.DecodePoint(point);
            if (peer.IsInfinity || !peer.IsValid()) throw IsoException.Of(StatusWords.DataInvalid);
        }
        catch (ArgumentException)
        {
            throw IsoException.Of(StatusWords.DataInvalid);
        }
        var agreement = new ECDHBasicAgreement();
        agreement.Init(new ECPrivateKeyParameters(D!, Curve));
        var secret = agreement.CalculateAgreement(new ECPublicKeyParameters(peer, Curve));
        return BigIntegers.AsUnsignedByteArray(FieldBytes, secret);
    }

    public override void SetComponent(byte tag, byte[] value)
    {
        switch (tag)
        {
            case MyEidDataObjects.KeyEcPrivate:
                var d = new BigInteger(1, value);
                if (value.Length == 0 || value.Length > FieldBytes || d.SignValue == 0 || d.CompareTo(Curve.N) >= 0)
                    throw IsoException.Of(StatusWords.WrongLength);
                D = d;
                break;
            case MyEidDataObjects.KeyEcPublic:
                if (value.Length != 1 + 2 * FieldBytes || value[0] != 0x04)
                    throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
                try
                {
                    var q = Curve.Curve.DecodePoint(value);
                    if (!q.IsValid()) throw IsoException.Of(StatusWords.DataInvalid);
                    _public = q;
                }
                catch (ArgumentException)
                {
                    throw IsoException.Of(StatusWords.DataInvalid);
                }
                break;
            default:
                throw IsoException.Of(StatusWords.IncorrectP1P2);
        }
    }

    public override IEnumerable<(byte, byte[])> Components()
    {
        if (D != null) yield return (MyEidDataObjects.KeyEcPrivate, BigIntegers.AsUnsignedByteArray(FieldBytes, D));
        if (_public != null) yield return (MyEidDataObjects.KeyEcPublic, _public.Normalize().GetEncoded(false));
    }
}

/// <summary>A DES or AES key: stored as loaded (PUT DATA A0); the emulator offers no symmetric operations.</summary>
internal sealed class MyEidSecretKey : MyEidKey
{
    private byte[]? _value;

    public override bool IsComplete => _value != null;

    public override void SetComponent(byte tag, byte[] value)
    {
        if (tag != MyEidDataObjects.KeySymmetric) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (value.Length is not (7 or 8 or 16 or 24 or 32)) throw IsoException.Of(StatusWords.WrongLength);
        _value = (byte[])value.Clone();
    }

    public override IEnumerable<(byte, byte[])> Components()
    {
        if (_value != null) yield return (MyEidDataObjects.KeySymmetric, _value);
    }
}
