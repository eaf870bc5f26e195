using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKC;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects.Templates;

/// <summary>A C_CreateObject template, understood: what to create and whether it goes on the token.</summary>
internal sealed record CreateRequest(bool OnToken, object Request);

/// <summary>
/// C_CreateObject templates (PKCS#11 3.0 §5.7, §4.5 data, §4.6 certificates, §4.8/§4.9 keys) into a
/// request, or the spec's error. Certificates must parse as X.509; keys must be consistent (a public
/// key's parts, a private key's CRT parts).
/// </summary>
internal static class CreateTemplates
{
    public static CreateRequest Parse(IReadOnlyList<CkAttribute> attributes)
    {
        var t = new Template(attributes);
        var objectClass = t.ULong(CKA_CLASS) ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_CLASS is missing");
        var onToken = t.Bool(CKA_TOKEN) ?? false;
        t.Bool(CKA_MODIFIABLE);
        t.Bool(CKA_COPYABLE);
        t.Bool(CKA_DESTROYABLE);
        CreateRequest result = objectClass switch
        {
            CKO_CERTIFICATE => new(onToken, Certificate(t)),
            CKO_DATA => new(onToken, Data(t)),
            CKO_PUBLIC_KEY => new(onToken, PublicKey(t)),
            CKO_PRIVATE_KEY => new(onToken, PrivateKey(t, onToken)),
            _ => throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"objects of class 0x{objectClass:X} cannot be created on this token"),
        };
        t.RejectUnread(TokenSetAttributes.Created);
        return result;
    }

    private static CertificateRequest Certificate(Template t)
    {
        var type = t.ULong(CKA_CERTIFICATE_TYPE) ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_CERTIFICATE_TYPE is missing");
        if (type != CKC_X_509) throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "only X.509 certificates can be stored");
        var der = t.RequireBytes(CKA_VALUE, "the certificate");
        try
        {
            _ = new X509Certificate(der);
        }
        catch (Exception e) when (e is not Pkcs11Exception)
        {
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "CKA_VALUE is not a DER X.509 certificate", e);
        }
        // Derived attributes may be given; they must agree with the certificate or they are ignored as copies.
        t.Bytes(CKA_SUBJECT);
        t.Bytes(CKA_ISSUER);
        t.Bytes(CKA_SERIAL_NUMBER);
        t.Bytes(CKA_START_DATE);
        t.Bytes(CKA_END_DATE);
        t.Bytes(CKA_CHECK_VALUE);
        t.Bytes(CKA_URL);
        t.Bytes(CKA_HASH_OF_SUBJECT_PUBLIC_KEY);
        t.Bytes(CKA_HASH_OF_ISSUER_PUBLIC_KEY);
        t.ULong(CKA_JAVA_MIDP_SECURITY_DOMAIN);
        t.ExpectBool(CKA_TRUSTED, false, "only the SO may mark certificates trusted");
        var category = t.ULong(CKA_CERTIFICATE_CATEGORY) ?? 0;
        return new CertificateRequest(der, t.Bytes(CKA_ID), t.Utf8(CKA_LABEL), t.Bool(CKA_PRIVATE) ?? false, category == 2);
    }

    private static DataRequest Data(Template t) =>
        new(t.Bytes(CKA_VALUE) ?? [], t.Utf8(CKA_LABEL), t.Utf8(CKA_APPLICATION), t.Bytes(CKA_OBJECT_ID), t.Bool(CKA_PRIVATE) ?? false);

    private static PublicKeyRequest PublicKey(Template t)
    {
        var keyType = t.ULong(CKA_KEY_TYPE) ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_KEY_TYPE is missing");
        KeyMaterial material;
        if (keyType == CKK_RSA)
        {
            var n = t.RequireBytes(CKA_MODULUS, "the modulus");
            var e = t.RequireBytes(CKA_PUBLIC_EXPONENT, "the public exponent");
            t.ULong(CKA_MODULUS_BITS);
            material = KeyMaterialFactory.FromRsa(new RsaKeyParameters(false, new BigInteger(1, n), new BigInteger(1, e)));
        }
        else if (keyType == CKK_EC)
        {
            var curve = KeyPairTemplates.CurveOf(t.RequireBytes(CKA_EC_PARAMS, "the curve"));
            var point = UnwrapPoint(t.RequireBytes(CKA_EC_POINT, "the point"));
            var spki = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.IdECPublicKey, Asn1Object.FromByteArray(curve.OidDer)), point);
            try
            {
                material = KeyMaterialFactory.FromSubjectPublicKeyInfo(spki);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT is not a point of the curve", ex);
            }
        }
        else if (Curve25519Kind(keyType) is { } kind)
        {
            var parameters = t.RequireBytes(CKA_EC_PARAMS, "the curve");
            if (Curve25519Parameters.KindOf(parameters) != kind)
                throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "CKA_EC_PARAMS names no curve of this key type (edwards25519, curve25519)");
            var key = Curve25519Parameters.PublicKeyBytes(t.RequireBytes(CKA_EC_POINT, "the public key"))
                ?? throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT of a 25519 key holds 32 bytes");
            if (kind == KeyKind.EcEdwards && !Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.ValidatePublicKeyFull(key, 0))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT is not an Ed25519 public key");
            material = KeyMaterialFactory.FromCurve25519(kind, key);
        }
        else
        {
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"key type 0x{keyType:X} is not supported");
        }
        var usage = t.Usage((CKA_VERIFY, KeyUsage.Verify), (CKA_ENCRYPT, KeyUsage.Encrypt), (CKA_WRAP, KeyUsage.Wrap), (CKA_VERIFY_RECOVER, KeyUsage.VerifyRecover));
        t.Bool(CKA_PRIVATE);
        t.Bool(CKA_TRUSTED);
        t.Bool(CKA_DERIVE);
        t.Bytes(CKA_SUBJECT);
        t.Bytes(CKA_START_DATE);
        t.Bytes(CKA_END_DATE);
        return new PublicKeyRequest(material, t.Bytes(CKA_ID), t.Utf8(CKA_LABEL), usage);
    }

    private static PrivateKeyImportRequest PrivateKey(Template t, bool onToken)
    {
        if (!onToken) throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "private keys live on the card (CKA_TOKEN must be CK_TRUE)");
        t.ExpectBool(CKA_SENSITIVE, true, "an imported key becomes a card key and never leaves it");
        t.ExpectBool(CKA_EXTRACTABLE, false, "an imported key becomes a card key and never leaves it");
        t.Bool(CKA_PRIVATE);
        t.Bytes(CKA_SUBJECT);
        t.Bytes(CKA_START_DATE);
        t.Bytes(CKA_END_DATE);
        var alwaysAuthenticate = t.Bool(CKA_ALWAYS_AUTHENTICATE) ?? false;
        var keyType = t.ULong(CKA_KEY_TYPE) ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_KEY_TYPE is missing");
        var usage = t.Usage((CKA_SIGN, KeyUsage.Sign), (CKA_DECRYPT, KeyUsage.Decrypt), (CKA_UNWRAP, KeyUsage.Unwrap),
            (CKA_SIGN_RECOVER, KeyUsage.SignRecover), (CKA_DERIVE, KeyUsage.Derive));
        if (keyType == CKK_RSA)
        {
            t.Bytes(CKA_PRIVATE_EXPONENT);
            return new PrivateKeyImportRequest
            {
                Kind = KeyKind.Rsa,
                Modulus = t.RequireBytes(CKA_MODULUS, "the modulus"),
                PublicExponent = t.RequireBytes(CKA_PUBLIC_EXPONENT, "the public exponent"),
                Prime1 = t.RequireBytes(CKA_PRIME_1, "prime p (the card imports CRT keys)"),
                Prime2 = t.RequireBytes(CKA_PRIME_2, "prime q"),
                Exponent1 = t.RequireBytes(CKA_EXPONENT_1, "d mod (p-1)"),
                Exponent2 = t.RequireBytes(CKA_EXPONENT_2, "d mod (q-1)"),
                Coefficient = t.RequireBytes(CKA_COEFFICIENT, "q^-1 mod p"),
                Id = t.Bytes(CKA_ID),
                Label = t.Utf8(CKA_LABEL),
                AlwaysAuthenticate = alwaysAuthenticate,
                Usage = usage == KeyUsage.None ? KeyUsage.Sign | KeyUsage.Decrypt : usage,
            };
        }
        if (keyType == CKK_EC)
        {
            var curve = KeyPairTemplates.CurveOf(t.RequireBytes(CKA_EC_PARAMS, "the curve"));
            return new PrivateKeyImportRequest
            {
                Kind = KeyKind.Ec,
                CurveOid = curve.OidDer,
                PrivateValue = t.RequireBytes(CKA_VALUE, "the private value"),
                Id = t.Bytes(CKA_ID),
                Label = t.Utf8(CKA_LABEL),
                AlwaysAuthenticate = alwaysAuthenticate,
                Usage = usage == KeyUsage.None ? KeyUsage.Sign : usage,
            };
        }
        if (Curve25519Kind(keyType) is { } kind)
        {
            if (Curve25519Parameters.KindOf(t.RequireBytes(CKA_EC_PARAMS, "the curve")) != kind)
                throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "CKA_EC_PARAMS names no curve of this key type (edwards25519, curve25519)");
            var value = t.RequireBytes(CKA_VALUE, "the private key");
            if (value.Length != Curve25519Parameters.KeyBytes)
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"a {kind} private key has {Curve25519Parameters.KeyBytes} bytes");
            KeyPairTemplates.RequireUsageFits(kind, usage, KeyUsage.None);
            return new PrivateKeyImportRequest
            {
                Kind = kind,
                CurveOid = Curve25519Parameters.ParametersOf(kind),
                PrivateValue = value,
                Id = t.Bytes(CKA_ID),
                Label = t.Utf8(CKA_LABEL),
                AlwaysAuthenticate = alwaysAuthenticate,
                Usage = usage == KeyUsage.None ? KeyPairTemplates.DefaultPrivateUsage(kind) : usage,
            };
        }
        throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"key type 0x{keyType:X} is not supported");
    }

    private static KeyKind? Curve25519Kind(ulong keyType) => keyType switch
    {
        CKK_EC_EDWARDS => KeyKind.EcEdwards,
        CKK_EC_MONTGOMERY => KeyKind.EcMontgomery,
        _ => null,
    };

    /// <summary>CKA_EC_POINT is a DER OCTET STRING around the point (PKCS#11 3.0 §2.3.3); a bare point is accepted too.</summary>
    private static byte[] UnwrapPoint(byte[] value)
    {
        if (value.Length > 2 && value[0] == 0x04 && value[1] == value.Length - 2 && value[2] == 0x04) return value[2..];
        if (value.Length > 3 && value[0] == 0x04 && value[1] == 0x81 && value[2] == value.Length - 3) return value[3..];
        return value;
    }
}
