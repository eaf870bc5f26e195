// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Object classes (CK_OBJECT_CLASS).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKO
{
    public const ulong CKO_DATA = 0x0UL;
    public const ulong CKO_CERTIFICATE = 0x1UL;
    public const ulong CKO_PUBLIC_KEY = 0x2UL;
    public const ulong CKO_PRIVATE_KEY = 0x3UL;
    public const ulong CKO_SECRET_KEY = 0x4UL;
    public const ulong CKO_HW_FEATURE = 0x5UL;
    public const ulong CKO_DOMAIN_PARAMETERS = 0x6UL;
    public const ulong CKO_MECHANISM = 0x7UL;
    public const ulong CKO_OTP_KEY = 0x8UL;
    public const ulong CKO_VENDOR_DEFINED = 0x80000000UL;
    public const ulong CKO_PROFILE = 0x9UL;
}
