using Org.BouncyCastle.Asn1;
using AlgorithmIdentifier = Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier;
using SubjectPublicKeyInfo = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.OpenPgp;

/// <summary>
/// What the device keeps on each token object: the key slot it belongs to and the slot's write generation when
/// the object was made. A write to the slot (a new key, a new or deleted certificate) moves the generation on,
/// and the objects made before it are stale (<see cref="ITokenDevice.IsStale"/>).
/// </summary>
internal sealed record OpenPgpObjectEntry(OpenPgpKeyRef Key, OpenPgpObjectGroup Group, int Generation);

/// <summary>The two things a key slot holds that are written separately: the key pair and the certificate.</summary>
internal enum OpenPgpObjectGroup
{
    KeyPair,
    Certificate,
}

/// <summary>The device's reference to a private key (<see cref="PrivateKeyObject.CardKey"/>).</summary>
internal sealed record OpenPgpKeyHandle(OpenPgpKeyRef Key, AlgorithmAttributes Attributes);

/// <summary>
/// The OpenPGP card's keys as PKCS#11 sees them: kinds, sizes, usages, abilities and public key material from the
/// algorithm attributes and the public key the card answers (GENERATE 81). CKA_IDs 01, 02, 03 and labels as
/// OpenSC's pkcs15-openpgp gives them, so pkcs11: URIs written for OpenSC keep working.
/// </summary>
internal static class OpenPgpTokenObjects
{
    /// <summary>CKA_ID of a key slot: 01 signature, 02 decryption, 03 authentication (OpenSC's IDs).</summary>
    public static byte[] IdOf(OpenPgpKeyRef key) => [(byte)key];

    /// <summary>The key slot a CKA_ID names (01, 02, 03); null for any other ID.</summary>
    public static OpenPgpKeyRef? KeyOf(ReadOnlySpan<byte> id) => id switch
    {
        [1] => OpenPgpKeyRef.Signature,
        [2] => OpenPgpKeyRef.Decryption,
        [3] => OpenPgpKeyRef.Authentication,
        _ => null,
    };

    /// <summary>CKA_LABEL of a key slot's certificate: OpenSC names the (authentication key's) one "Cardholder certificate".</summary>
    public static string CertificateLabel(OpenPgpKeyRef key) => key switch
    {
        OpenPgpKeyRef.Authentication => "Cardholder certificate",
        OpenPgpKeyRef.Signature => "Cardholder certificate (signature)",
        _ => "Cardholder certificate (encryption)",
    };

    /// <summary>The PKCS#11 key type of a slot's attributes; null for attributes the token cannot show.</summary>
    public static KeyKind? KindOf(AlgorithmAttributes a) => a.Algorithm switch
    {
        OpenPgpAlgorithm.Rsa => KeyKind.Rsa,
        OpenPgpAlgorithm.EdDsa => KeyKind.EcEdwards,
        OpenPgpAlgorithm.Ecdh when a.Curve!.Kind == OpenPgpCurveKind.X25519 => KeyKind.EcMontgomery,
        OpenPgpAlgorithm.Ecdsa or OpenPgpAlgorithm.Ecdh when a.Curve!.Kind == OpenPgpCurveKind.Weierstrass => KeyKind.Ec,
        _ => null,
    };

    /// <summary>
    /// What the card computes with the key in a slot: the signature key signs (PSO:CDS), the authentication key
    /// signs (INTERNAL AUTHENTICATE: RSA PKCS#1 v1.5 on any input up to 40 % of the modulus, ECDSA, EdDSA), the
    /// decryption key decrypts RSA PKCS#1 v1.5 or agrees (ECDH, X25519).
    /// </summary>
    public static KeyAbilities AbilitiesOf(OpenPgpKeyRef key, AlgorithmAttributes a) => (a.Algorithm, key) switch
    {
        (OpenPgpAlgorithm.Rsa, OpenPgpKeyRef.Decryption) => new KeyAbilities { Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaPkcs1 } },
        (OpenPgpAlgorithm.Rsa, _) => new KeyAbilities { Signatures = new HashSet<CardSignature> { CardSignature.RsaPkcs1 } },
        (OpenPgpAlgorithm.Ecdsa, not OpenPgpKeyRef.Decryption) => new KeyAbilities { Signatures = new HashSet<CardSignature> { CardSignature.EcdsaPrehashed } },
        (OpenPgpAlgorithm.EdDsa, not OpenPgpKeyRef.Decryption) => new KeyAbilities { Signatures = new HashSet<CardSignature> { CardSignature.EdDsa } },
        (OpenPgpAlgorithm.Ecdh, OpenPgpKeyRef.Decryption) => new KeyAbilities { KeyAgreement = true },
        _ => KeyAbilities.None,
    };

    /// <summary>CKA_SIGN/CKA_DECRYPT/... of the private key, as OpenSC gives them.</summary>
    public static KeyUsage PrivateUsage(OpenPgpKeyRef key, AlgorithmAttributes a) => key switch
    {
        OpenPgpKeyRef.Signature => KeyUsage.Sign | KeyUsage.NonRepudiation,
        OpenPgpKeyRef.Authentication => KeyUsage.Sign,
        _ when a.IsRsa => KeyUsage.Decrypt | KeyUsage.Unwrap,
        _ => KeyUsage.Derive,
    };

    public static KeyUsage PublicUsage(OpenPgpKeyRef key, AlgorithmAttributes a) => key switch
    {
        OpenPgpKeyRef.Decryption when a.IsRsa => KeyUsage.Encrypt | KeyUsage.Wrap,
        OpenPgpKeyRef.Decryption => KeyUsage.Derive,
        _ => KeyUsage.Verify,
    };

    /// <summary>Bits as CKA_MODULUS_BITS or the curve's field size (255 for the 25519 curves).</summary>
    public static int BitsOf(AlgorithmAttributes a) => a.IsRsa ? a.ModulusBits : a.Curve?.FieldBits ?? 0;

    /// <summary>A public key the card answered, in PKCS#11 terms; a point that is not on its curve is a device error.</summary>
    public static KeyMaterial Material(OpenPgpPublicKey key)
    {
        var a = key.Attributes;
        if (key.IsRsa)
            return KeyMaterialFactory.FromRsa(new RsaKeyParameters(false, new BigInteger(1, key.Modulus), new BigInteger(1, key.Exponent)));
        switch (KindOf(a))
        {
            case KeyKind.EcEdwards:
                return KeyMaterialFactory.FromCurve25519(KeyKind.EcEdwards, key.Point!);
            case KeyKind.EcMontgomery:
                return KeyMaterialFactory.FromCurve25519(KeyKind.EcMontgomery, key.Point!);
            case KeyKind.Ec:
                var algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, new DerObjectIdentifier(OidText(a.Curve!.OidBytes)));
                return KeyMaterialFactory.FromSubjectPublicKeyInfo(new SubjectPublicKeyInfo(algorithm, key.Point!));
            default:
                throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"the card's key ({a}) is of a kind PKCS#11 cannot show");
        }
    }

    /// <summary>Material when the card holds no public key for a key it says is there: kind and size only.</summary>
    public static KeyMaterial Unknown(KeyKind kind, int bits) => new(kind, bits, null, null, null, null, []);

    private static string OidText(byte[] content) => DerObjectIdentifier.GetInstance(new byte[] { 0x06, (byte)content.Length }.Concat(content).ToArray()).Id;
}
