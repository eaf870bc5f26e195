using System.Numerics;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Public keys between the card's form (<see cref="PublicKeyInfo"/>) and DER: the public key file OpenSC writes
/// (RSA: PKCS#1 RSAPublicKey; EC: SubjectPublicKeyInfo with the named curve, X.509 / RFC 5480) and
/// SubjectPublicKeyInfo for both.
/// </summary>
public static class PublicKeyEncoding
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>The content of the public key file (EF 33xx) as OpenSC writes it.</summary>
    public static byte[] FileContent(PublicKeyInfo key) => key switch
    {
        RsaPublicKeyInfo rsa => RsaPublicKey(rsa),
        EcPublicKeyInfo => SubjectPublicKeyInfo(key),
        _ => throw new ArgumentException("unknown public key type", nameof(key)),
    };

    /// <summary>PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.</summary>
    public static byte[] RsaPublicKey(RsaPublicKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var w = new DerWriter();
        w.WriteSequence(s =>
        {
            s.WriteInteger(Unsigned(key.Modulus));
            s.WriteInteger(Unsigned(key.Exponent));
        });
        return w.ToArray();
    }

    /// <summary>SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; EC keys with namedCurve, RFC 5480 §2).</summary>
    public static byte[] SubjectPublicKeyInfo(PublicKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var w = new DerWriter();
        w.WriteSequence(spki =>
        {
            switch (key)
            {
                case RsaPublicKeyInfo rsa:
                    spki.WriteSequence(a =>
                    {
                        a.WriteObjectIdentifier(RsaEncryptionOid);
                        a.WriteNull();
                    });
                    spki.WriteBitString(RsaPublicKey(rsa), 0);
                    break;
                case EcPublicKeyInfo ec:
                    spki.WriteSequence(a =>
                    {
                        a.WriteObjectIdentifier(EcPublicKeyOid);
                        a.WriteObjectIdentifier(ec.Curve.Oid);
                    });
                    spki.WriteBitString(ec.Point, 0);
                    break;
                default:
                    throw new ArgumentException("unknown public key type", nameof(key));
            }
        });
        return w.ToArray();
    }

    /// <summary>
    /// Reads a public key file (RSAPublicKey or SubjectPublicKeyInfo) or a certificate's SubjectPublicKeyInfo.
    /// Null when the data is neither, or an EC key on a curve the card table does not know.
    /// </summary>
    public static PublicKeyInfo? TryParse(ReadOnlySpan<byte> der)
    {
        try
        {
            var asn1 = Asn1Object.FromByteArray(der.ToArray());
            if (asn1 is Asn1Sequence { Count: 2 } seq && seq[0] is DerInteger && seq[1] is DerInteger)
            {
                var pkcs1 = RsaPublicKeyStructure.GetInstance(seq);
                return new RsaPublicKeyInfo(pkcs1.Modulus.ToByteArrayUnsigned(), pkcs1.PublicExponent.ToByteArrayUnsigned());
            }
            return FromBouncyCastle(PublicKeyFactory.CreateKey(Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(asn1)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or SecurityUtilityException)
        {
            return null;
        }
    }

    /// <summary>A BouncyCastle public key in the card's form; null for other key types or unknown curves.</summary>
    public static PublicKeyInfo? FromBouncyCastle(Org.BouncyCastle.Crypto.AsymmetricKeyParameter key) => key switch
    {
        RsaKeyParameters { IsPrivate: false } rsa => new RsaPublicKeyInfo(rsa.Modulus.ToByteArrayUnsigned(), rsa.Exponent.ToByteArrayUnsigned()),
        ECPublicKeyParameters ec when CurveMatch.Find(ec.Parameters) is { } curve => new EcPublicKeyInfo(curve, ec.Q.Normalize().GetEncoded(false)),
        _ => null,
    };

    /// <summary>The public point d·G of an EC private key (PKCS#11 C_CreateObject gives only d and the curve).</summary>
    public static EcPublicKeyInfo DeriveEcPublicKey(EcPrivateKeyImport key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var curve = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByOid(new DerObjectIdentifier(key.Curve.Oid))
            ?? throw new ArgumentException($"no domain parameters for {key.Curve}", nameof(key));
        var d = new Org.BouncyCastle.Math.BigInteger(1, key.D);
        return new EcPublicKeyInfo(key.Curve, curve.G.Multiply(d).Normalize().GetEncoded(false));
    }

    /// <summary>True when both describe the same public key.</summary>
    public static bool SameKey(PublicKeyInfo a, PublicKeyInfo b) => (a, b) switch
    {
        (RsaPublicKeyInfo x, RsaPublicKeyInfo y) => x.Modulus.AsSpan().SequenceEqual(y.Modulus) && x.Exponent.AsSpan().SequenceEqual(y.Exponent),
        (EcPublicKeyInfo x, EcPublicKeyInfo y) => x.Curve.Oid == y.Curve.Oid && x.Point.AsSpan().SequenceEqual(y.Point),
        _ => false,
    };

    /// <summary>Key size in bits: the RSA modulus length or the curve's field size.</summary>
    public static int SizeBits(PublicKeyInfo key) => key switch
    {
        RsaPublicKeyInfo rsa => new Org.BouncyCastle.Math.BigInteger(1, rsa.Modulus).BitLength,
        EcPublicKeyInfo ec => ec.Curve.FieldBits,
        _ => 0,
    };

    private static BigInteger Unsigned(byte[] value) => new(value, isUnsigned: true, isBigEndian: true);
}
