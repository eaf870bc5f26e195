using SharpSC.Cards.Drivers.Piv;
using SharpSC.Pkcs11.Objects;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>
/// How OpenSC 0.23's PIV emulation (pkcs15-piv.c) names and uses the objects of each slot, so that a
/// <c>pkcs11:</c> URI, an <c>ssh -I</c> set-up or a script written for OpenSC finds the same objects here:
/// CKA_ID 01 = 9A, 02 = 9C, 03 = 9D, 04 = 9E, 05..18 = 82..95 (<see cref="PivSlot.OpenScId"/>), the labels,
/// and the key usage OpenSC gives a slot when the certificate does not narrow it.
/// </summary>
internal static class PivObjectNames
{
    public static string PrivateKey(PivSlot slot) => slot.Reference switch
    {
        0x9A => "PIV AUTH key",
        0x9C => "SIGN key",
        0x9D => "KEY MAN key",
        0x9E => "CARD AUTH key",
        _ => $"Retired KEY MAN {RetiredNumber(slot)}",
    };

    public static string PublicKey(PivSlot slot) => slot.Reference switch
    {
        0x9A => "PIV AUTH pubkey",
        0x9C => "SIGN pubkey",
        0x9D => "KEY MAN pubkey",
        0x9E => "CARD AUTH pubkey",
        _ => $"Retired KEY MAN {RetiredNumber(slot)}",
    };

    public static string Certificate(PivSlot slot) => slot.Reference switch
    {
        0x9A => "Certificate for PIV Authentication",
        0x9C => "Certificate for Digital Signature",
        0x9D => "Certificate for Key Management",
        0x9E => "Certificate for Card Authentication",
        _ => $"Retired Certificate for Key Management {RetiredNumber(slot)}",
    };

    /// <summary>The private key's usage: signing slots sign, key management slots decrypt (RSA) or derive (EC).</summary>
    public static KeyUsage PrivateUsage(PivSlot slot, KeyKind kind) => (slot.Reference, kind) switch
    {
        (0x9A, KeyKind.Rsa) => KeyUsage.Decrypt | KeyUsage.Unwrap | KeyUsage.Sign | KeyUsage.SignRecover,
        (0x9C, KeyKind.Rsa) => KeyUsage.Decrypt | KeyUsage.Sign | KeyUsage.SignRecover | KeyUsage.NonRepudiation,
        (0x9C, _) => KeyUsage.Sign | KeyUsage.NonRepudiation,
        (0x9E, KeyKind.Rsa) => KeyUsage.Sign | KeyUsage.SignRecover,
        (0x9A or 0x9E, _) => KeyUsage.Sign,
        (_, KeyKind.Rsa) => KeyUsage.Decrypt | KeyUsage.Unwrap,
        _ => KeyUsage.Derive,
    };

    public static KeyUsage PublicUsage(PivSlot slot, KeyKind kind) => (slot.Reference, kind) switch
    {
        (0x9A, KeyKind.Rsa) => KeyUsage.Encrypt | KeyUsage.Wrap | KeyUsage.Verify | KeyUsage.VerifyRecover,
        (0x9C, KeyKind.Rsa) => KeyUsage.Encrypt | KeyUsage.Verify | KeyUsage.VerifyRecover | KeyUsage.NonRepudiation,
        (0x9C, _) => KeyUsage.Verify | KeyUsage.NonRepudiation,
        (0x9E, KeyKind.Rsa) => KeyUsage.Verify | KeyUsage.VerifyRecover,
        (0x9A or 0x9E, _) => KeyUsage.Verify,
        (_, KeyKind.Rsa) => KeyUsage.Encrypt | KeyUsage.Wrap,
        _ => KeyUsage.Derive,
    };

    public const int KeyHistoryTag = 0x5FC10C;

    private static int RetiredNumber(PivSlot slot) => slot.Reference - PivSlot.Retired[0].Reference + 1;

    /// <summary>
    /// The data objects listed as CKO_DATA when the card holds them: the ones anybody may read (no PIN), with
    /// OpenSC's label (also CKA_APPLICATION) and object identifier (SP 800-73-4 Part 1 Table 3, the "OID" column).
    /// Certificate containers are served as certificates, biometrics and printed information (PIN) are left out.
    /// </summary>
    public static IReadOnlyList<PivDataObjectName> DataObjects { get; } =
    [
        new(0x5FC107, "Card Capability Container", "2.16.840.1.101.3.7.1.219.0"),
        new(0x5FC102, "Card Holder Unique Identifier", "2.16.840.1.101.3.7.2.48.0"),
        new(0x5FC106, "Security Object", "2.16.840.1.101.3.7.2.144.0"),
        new(0x7E, "Discovery Object", "2.16.840.1.101.3.7.2.96.80"),
        new(KeyHistoryTag, "Key History Object", "2.16.840.1.101.3.7.2.96.96"),
    ];
}

/// <summary>A PIV data object shown as CKO_DATA: its tag, OpenSC's name for it and its OID.</summary>
internal sealed record PivDataObjectName(int Tag, string Label, string Oid);
