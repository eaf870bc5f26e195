// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Notifications (CK_NOTIFICATION).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKN
{
    public const ulong CKN_SURRENDER = 0x0UL;
    public const ulong CKN_OTP_CHANGED = 0x1UL;
}
