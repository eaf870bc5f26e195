// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Key derivation functions (CK_EC_KDF_TYPE).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKD
{
    public const ulong CKD_NULL = 0x1UL;
    public const ulong CKD_SHA1_KDF = 0x2UL;
    public const ulong CKD_SHA1_KDF_ASN1 = 0x3UL;
    public const ulong CKD_SHA1_KDF_CONCATENATE = 0x4UL;
    public const ulong CKD_SHA224_KDF = 0x5UL;
    public const ulong CKD_SHA256_KDF = 0x6UL;
    public const ulong CKD_SHA384_KDF = 0x7UL;
    public const ulong CKD_SHA512_KDF = 0x8UL;
    public const ulong CKD_CPDIVERSIFY_KDF = 0x9UL;
}
