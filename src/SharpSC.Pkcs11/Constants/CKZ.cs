// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>OAEP source types.</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKZ
{
    public const ulong CKZ_DATA_SPECIFIED = 0x1UL;
}
