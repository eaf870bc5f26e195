using SharpSC.Pkcs11.Objects;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>C_GenerateKeyPair, validated: what to generate on the card and how to describe it.</summary>
public sealed record KeyGenerationRequest
{
    public required KeyKind Kind { get; init; }

    /// <summary>RSA modulus bits; for EC the field size of <see cref="CurveOid"/> (255 for Ed25519 and X25519).</summary>
    public required int Bits { get; init; }

    /// <summary>
    /// DER OBJECT IDENTIFIER of the named curve: for EC one of SharpSC.Cards' EcCurves (P-256, P-384, P-521 ...),
    /// for Ed25519 id-Ed25519 and for X25519 id-X25519 (RFC 8410), whatever form the caller's CKA_EC_PARAMS had.
    /// </summary>
    public byte[]? CurveOid { get; init; }

    /// <summary>
    /// CKA_ID: the key the caller chose. Cards with fixed key slots map it to one (PIV: 01 = 9A, 02 = 9C ...;
    /// OpenPGP: 01 signature, 02 decryption, 03 authentication) and answer CKR_TEMPLATE_INCONSISTENT for an ID
    /// that names no slot, or CKR_TEMPLATE_INCOMPLETE when they need one and it is null. Null on PKCS#15 cards
    /// = the card's default (as OpenSC: a hash of the public key).
    /// </summary>
    public byte[]? Id { get; init; }

    public string? PrivateLabel { get; init; }
    public string? PublicLabel { get; init; }
    public KeyUsage PrivateUsage { get; init; }
    public KeyUsage PublicUsage { get; init; }

    /// <summary>CKA_ALWAYS_AUTHENTICATE of the private key (PKCS#15 userConsent).</summary>
    public bool AlwaysAuthenticate { get; init; }
}

/// <summary>C_CreateObject of an X.509 certificate.</summary>
public sealed record CertificateRequest(byte[] Der, byte[]? Id, string? Label, bool IsPrivate, bool IsAuthority);

/// <summary>C_CreateObject of a CKO_DATA object.</summary>
public sealed record DataRequest(byte[] Value, string? Label, string? Application, byte[]? ObjectId, bool IsPrivate);

/// <summary>C_CreateObject of a public key kept on the token.</summary>
public sealed record PublicKeyRequest(KeyMaterial Material, byte[]? Id, string? Label, KeyUsage Usage);

/// <summary>C_CreateObject of a private key to import (where the card allows it); the secret parts are cleared after use.</summary>
public sealed record PrivateKeyImportRequest
{
    public required KeyKind Kind { get; init; }
    public byte[]? Modulus { get; init; }
    public byte[]? PublicExponent { get; init; }
    public byte[]? Prime1 { get; init; }
    public byte[]? Prime2 { get; init; }
    public byte[]? Exponent1 { get; init; }
    public byte[]? Exponent2 { get; init; }
    public byte[]? Coefficient { get; init; }
    /// <summary>EC: the named curve's DER OID; Ed25519 / X25519: the RFC 8410 OID (see <see cref="KeyGenerationRequest.CurveOid"/>).</summary>
    public byte[]? CurveOid { get; init; }

    /// <summary>EC: the private scalar; Ed25519: the 32-byte seed (RFC 8032 §5.1.5); X25519: the 32-byte scalar.</summary>
    public byte[]? PrivateValue { get; init; }
    public byte[]? Id { get; init; }
    public string? Label { get; init; }
    public KeyUsage Usage { get; init; }

    /// <summary>CKA_ALWAYS_AUTHENTICATE asked for the imported key (PIV: PIN policy "always").</summary>
    public bool AlwaysAuthenticate { get; init; }

    public void Clear()
    {
        foreach (var secret in new[] { Prime1, Prime2, Exponent1, Exponent2, Coefficient, PrivateValue })
            if (secret != null) System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
    }
}

/// <summary>C_SetAttributeValue changes PKCS#15 can hold.</summary>
public sealed record ObjectUpdate(string? Label, byte[]? Id);
