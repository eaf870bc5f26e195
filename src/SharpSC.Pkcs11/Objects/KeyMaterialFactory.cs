using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects;

/// <summary>
/// <see cref="KeyMaterial"/> from what cards store: a SubjectPublicKeyInfo (X.509, OpenSC's EC public
/// key files, certificates) or a bare PKCS#1 RSAPublicKey (OpenSC's RSA public key files).
/// </summary>
internal static class KeyMaterialFactory
{
    /// <summary>Either DER form, told apart by its structure.</summary>
    public static KeyMaterial FromPublicKeyFile(byte[] der)
    {
        try
        {
            var seq = Asn1Sequence.GetInstance(der);
            if (seq.Count == 2 && seq[0] is Asn1Sequence) return FromSubjectPublicKeyInfo(SubjectPublicKeyInfo.GetInstance(seq));
            var rsa = RsaPublicKeyStructure.GetInstance(seq);
            return FromRsa(new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent));
        }
        catch (Exception e) when (e is not Pkcs11Exception)
        {
            // BouncyCastle reports bad input with many types (SecurityUtilityException, ArithmeticException ...).
            throw new Pkcs11Exception(CKR_DEVICE_ERROR, "a public key on the card is neither a SubjectPublicKeyInfo nor an RSAPublicKey", e);
        }
    }

    public static KeyMaterial FromCertificate(X509Certificate certificate) => FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);

    public static KeyMaterial FromSubjectPublicKeyInfo(SubjectPublicKeyInfo spki)
    {
        try
        {
            return Decode(spki);
        }
        catch (Exception e) when (e is not Pkcs11Exception)
        {
            throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"the public key ({spki.Algorithm.Algorithm}) on the card cannot be read: {e.Message}", e);
        }
    }

    private static KeyMaterial Decode(SubjectPublicKeyInfo spki)
    {
        var key = PublicKeyFactory.CreateKey(spki);
        switch (key)
        {
            case RsaKeyParameters rsa:
                return FromRsa(rsa);
            case ECPublicKeyParameters ec:
                var parameters = X962Parameters.GetInstance(spki.Algorithm.Parameters);
                var point = ec.Q.GetEncoded(false);
                return new KeyMaterial(KeyKind.Ec, ec.Parameters.Curve.FieldSize, null, null,
                    parameters.GetDerEncoded(), new DerOctetString(point).GetDerEncoded(), spki.GetDerEncoded());
            case Ed25519PublicKeyParameters ed:
                return FromCurve25519(KeyKind.EcEdwards, ed.GetEncoded());
            case X25519PublicKeyParameters x:
                return FromCurve25519(KeyKind.EcMontgomery, x.GetEncoded());
            default:
                throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"unsupported public key algorithm {spki.Algorithm.Algorithm}");
        }
    }

    /// <summary>An Ed25519 (<see cref="KeyKind.EcEdwards"/>) or X25519 (<see cref="KeyKind.EcMontgomery"/>) public key of 32 bytes.</summary>
    public static KeyMaterial FromCurve25519(KeyKind kind, byte[] publicKey)
    {
        if (publicKey.Length != Curve25519Parameters.KeyBytes)
            throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"a {kind} public key has {Curve25519Parameters.KeyBytes} bytes, not {publicKey.Length}");
        var algorithm = kind switch
        {
            KeyKind.EcEdwards => EdECObjectIdentifiers.id_Ed25519,
            KeyKind.EcMontgomery => EdECObjectIdentifiers.id_X25519,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a 25519 key kind"),
        };
        var spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(algorithm), publicKey);
        return new KeyMaterial(kind, Curve25519Parameters.FieldBits, null, null, Curve25519Parameters.ParametersOf(kind),
            Curve25519Parameters.EcPoint(publicKey), spki.GetDerEncoded());
    }

    public static KeyMaterial FromRsa(RsaKeyParameters rsa) =>
        new(KeyKind.Rsa, rsa.Modulus.BitLength, rsa.Modulus.ToByteArrayUnsigned(), rsa.Exponent.ToByteArrayUnsigned(),
            null, null, SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(rsa).GetDerEncoded());
}
