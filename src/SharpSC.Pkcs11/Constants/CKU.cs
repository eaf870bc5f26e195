// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>User types (CK_USER_TYPE).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKU
{
    public const ulong CKU_SO = 0x0UL;
    public const ulong CKU_USER = 0x1UL;
    public const ulong CKU_CONTEXT_SPECIFIC = 0x2UL;
}
