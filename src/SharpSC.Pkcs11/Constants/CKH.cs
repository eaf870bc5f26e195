// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Hardware feature types.</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKH
{
    public const ulong CKH_MONOTONIC_COUNTER = 0x1UL;
    public const ulong CKH_CLOCK = 0x2UL;
    public const ulong CKH_USER_INTERFACE = 0x3UL;
    public const ulong CKH_VENDOR_DEFINED = 0x80000000UL;
}
