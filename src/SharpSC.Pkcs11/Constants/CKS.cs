// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Session states (CK_STATE).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKS
{
    public const ulong CKS_RO_PUBLIC_SESSION = 0x0UL;
    public const ulong CKS_RO_USER_FUNCTIONS = 0x1UL;
    public const ulong CKS_RW_PUBLIC_SESSION = 0x2UL;
    public const ulong CKS_RW_USER_FUNCTIONS = 0x3UL;
    public const ulong CKS_RW_SO_FUNCTIONS = 0x4UL;
}
