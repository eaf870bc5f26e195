namespace SharpSC.Pkcs11.Objects;

/// <summary>The asymmetric key types of PKCS#11 3.0 §2.1 (CKK_RSA), §2.3 (CKK_EC, CKK_EC_EDWARDS, CKK_EC_MONTGOMERY).</summary>
public enum KeyKind
{
    Rsa,
    Ec,

    /// <summary>Ed25519 (RFC 8032), CKK_EC_EDWARDS.</summary>
    EcEdwards,

    /// <summary>X25519 (RFC 7748), CKK_EC_MONTGOMERY.</summary>
    EcMontgomery,
}

/// <summary>
/// The public half of a key pair as PKCS#11 shows it: RSA modulus and exponent, or EC domain
/// parameters (DER, a namedCurve OID) and point (DER OCTET STRING around the uncompressed point, as
/// PKCS#11 3.0 §2.3.3 CKA_EC_POINT wants it; for Ed25519/X25519 around the 32-byte public key, RFC 8410 OIDs as
/// parameters, see <see cref="Curve25519Parameters"/>). <see cref="SubjectPublicKeyInfo"/> is the X.509 form.
/// Bits is the modulus length, or the field size (255 for the 25519 curves).
/// </summary>
public sealed record KeyMaterial(
    KeyKind Kind,
    int Bits,
    byte[]? Modulus,
    byte[]? PublicExponent,
    byte[]? EcParameters,
    byte[]? EcPoint,
    byte[] SubjectPublicKeyInfo);

/// <summary>PKCS#15 key usage, in PKCS#11 terms (PKCS#15 v1.1 §6.2.2 KeyUsageFlags).</summary>
[Flags]
public enum KeyUsage
{
    None = 0,
    Encrypt = 1 << 0,
    Decrypt = 1 << 1,
    Sign = 1 << 2,
    SignRecover = 1 << 3,
    Wrap = 1 << 4,
    Unwrap = 1 << 5,
    Verify = 1 << 6,
    VerifyRecover = 1 << 7,
    Derive = 1 << 8,
    NonRepudiation = 1 << 9,
}
