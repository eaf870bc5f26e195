namespace SharpSC.Pkcs11.Objects;

/// <summary>
/// CKA_EC_PARAMS of the 25519 curves. PKCS#11 3.0 §2.3.10/§2.3.12 name them by a PrintableString
/// ("edwards25519", "curve25519") or an OBJECT IDENTIFIER; we answer the RFC 8410 OIDs (id-Ed25519 1.3.101.112,
/// id-X25519 1.3.101.110, what OpenSSH and pkcs11-provider read) and accept either form, plus the OIDs
/// GnuPG and OpenSC gave these curves before RFC 8410 (1.3.6.1.4.1.11591.15.1, 1.3.6.1.4.1.3029.1.5.1).
/// </summary>
internal static class Curve25519Parameters
{
    /// <summary>Field size in bits (p = 2^255 - 19), as CK_MECHANISM_INFO and CKA_MODULUS_BITS-like sizes count it.</summary>
    public const int FieldBits = 255;

    /// <summary>Public keys, private scalars and X25519 secrets are 32 bytes; Ed25519 signatures 64.</summary>
    public const int KeyBytes = 32;

    public static readonly byte[] Ed25519Oid = [0x06, 0x03, 0x2B, 0x65, 0x70];
    public static readonly byte[] X25519Oid = [0x06, 0x03, 0x2B, 0x65, 0x6E];

    private static readonly byte[] Edwards25519Name = [0x13, 0x0C, .. "edwards25519"u8];
    private static readonly byte[] Curve25519Name = [0x13, 0x0A, .. "curve25519"u8];
    private static readonly byte[] GnuPgEd25519Oid = [0x06, 0x09, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01];
    private static readonly byte[] GnuPgCurve25519Oid = [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01];

    /// <summary>The key kind a CKA_EC_PARAMS value names when it is one of the 25519 curves; null otherwise.</summary>
    public static KeyKind? KindOf(ReadOnlySpan<byte> parameters)
    {
        if (parameters.SequenceEqual(Ed25519Oid) || parameters.SequenceEqual(Edwards25519Name) || parameters.SequenceEqual(GnuPgEd25519Oid))
            return KeyKind.EcEdwards;
        if (parameters.SequenceEqual(X25519Oid) || parameters.SequenceEqual(Curve25519Name) || parameters.SequenceEqual(GnuPgCurve25519Oid))
            return KeyKind.EcMontgomery;
        return null;
    }

    /// <summary>The CKA_EC_PARAMS we answer for a key of this kind.</summary>
    public static byte[] ParametersOf(KeyKind kind) => kind == KeyKind.EcEdwards ? Ed25519Oid : X25519Oid;

    /// <summary>
    /// A 32-byte public key from CKA_EC_POINT or a derivation's public data: bare, or in a DER OCTET STRING
    /// (PKCS#11 3.0 says "DER-encoding of the public key", hosts send both); null when it is neither.
    /// </summary>
    public static byte[]? PublicKeyBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length == KeyBytes) return value.ToArray();
        if (value.Length == KeyBytes + 2 && value[0] == 0x04 && value[1] == KeyBytes) return value[2..].ToArray();
        return null;
    }

    /// <summary>CKA_EC_POINT: the DER OCTET STRING around the public key.</summary>
    public static byte[] EcPoint(ReadOnlySpan<byte> publicKey) => [0x04, (byte)publicKey.Length, .. publicKey];
}
