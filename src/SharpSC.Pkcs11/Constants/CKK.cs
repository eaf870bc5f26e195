// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Key types (CK_KEY_TYPE).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKK
{
    public const ulong CKK_RSA = 0x0UL;
    public const ulong CKK_DSA = 0x1UL;
    public const ulong CKK_DH = 0x2UL;
    public const ulong CKK_ECDSA = 0x3UL;
    public const ulong CKK_EC = 0x3UL;
    public const ulong CKK_X9_42_DH = 0x4UL;
    public const ulong CKK_KEA = 0x5UL;
    public const ulong CKK_GENERIC_SECRET = 0x10UL;
    public const ulong CKK_RC2 = 0x11UL;
    public const ulong CKK_RC4 = 0x12UL;
    public const ulong CKK_DES = 0x13UL;
    public const ulong CKK_DES2 = 0x14UL;
    public const ulong CKK_DES3 = 0x15UL;
    public const ulong CKK_CAST = 0x16UL;
    public const ulong CKK_CAST3 = 0x17UL;
    public const ulong CKK_CAST128 = 0x18UL;
    public const ulong CKK_RC5 = 0x19UL;
    public const ulong CKK_IDEA = 0x1AUL;
    public const ulong CKK_SKIPJACK = 0x1BUL;
    public const ulong CKK_BATON = 0x1CUL;
    public const ulong CKK_JUNIPER = 0x1DUL;
    public const ulong CKK_CDMF = 0x1EUL;
    public const ulong CKK_AES = 0x1FUL;
    public const ulong CKK_BLOWFISH = 0x20UL;
    public const ulong CKK_TWOFISH = 0x21UL;
    public const ulong CKK_SECURID = 0x22UL;
    public const ulong CKK_HOTP = 0x23UL;
    public const ulong CKK_ACTI = 0x24UL;
    public const ulong CKK_CAMELLIA = 0x25UL;
    public const ulong CKK_ARIA = 0x26UL;
    public const ulong CKK_MD5_HMAC = 0x27UL;
    public const ulong CKK_SHA_1_HMAC = 0x28UL;
    public const ulong CKK_RIPEMD128_HMAC = 0x29UL;
    public const ulong CKK_RIPEMD160_HMAC = 0x2AUL;
    public const ulong CKK_SHA256_HMAC = 0x2BUL;
    public const ulong CKK_SHA384_HMAC = 0x2CUL;
    public const ulong CKK_SHA512_HMAC = 0x2DUL;
    public const ulong CKK_SHA224_HMAC = 0x2EUL;
    public const ulong CKK_SEED = 0x2FUL;
    public const ulong CKK_GOSTR3410 = 0x30UL;
    public const ulong CKK_GOSTR3411 = 0x31UL;
    public const ulong CKK_GOST28147 = 0x32UL;
    public const ulong CKK_EC_EDWARDS = 0x40UL;
    public const ulong CKK_EC_MONTGOMERY = 0x41UL;
    public const ulong CKK_VENDOR_DEFINED = 0x80000000UL;
}
