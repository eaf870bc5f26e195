// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Certificate types (CK_CERTIFICATE_TYPE).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKC
{
    public const ulong CKC_X_509 = 0x0UL;
    public const ulong CKC_X_509_ATTR_CERT = 0x1UL;
    public const ulong CKC_WTLS = 0x2UL;
    public const ulong CKC_VENDOR_DEFINED = 0x80000000UL;
    public const ulong CKC_OPENPGP = 0x80504750UL;
}
