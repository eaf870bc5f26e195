namespace SharpSC.Pkcs11.Objects;

public enum KeyKind
{
    Rsa,
    Ec,
}

/// <summary>
/// The public half of a key pair as PKCS#11 shows it: RSA modulus and exponent, or EC domain
/// parameters (DER, a namedCurve OID) and point (DER OCTET STRING around the uncompressed point, as
/// PKCS#11 3.0 §2.3.3 CKA_EC_POINT wants it). <see cref="SubjectPublicKeyInfo"/> is the X.509 form.
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
