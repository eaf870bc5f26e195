// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>MGF types (CK_RSA_PKCS_MGF_TYPE).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKG
{
    public const ulong CKG_MGF1_SHA1 = 0x1UL;
    public const ulong CKG_MGF1_SHA224 = 0x5UL;
    public const ulong CKG_MGF1_SHA256 = 0x2UL;
    public const ulong CKG_MGF1_SHA384 = 0x3UL;
    public const ulong CKG_MGF1_SHA512 = 0x4UL;
}
