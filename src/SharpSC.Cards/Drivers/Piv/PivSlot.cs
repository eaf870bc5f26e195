namespace SharpSC.Cards.Drivers.Piv;

/// <summary>PIN policy of a YubiKey key (tag AA): whether a private-key operation needs the PIN.</summary>
public enum PivPinPolicy : byte
{
    Default = 0,
    Never = 1,
    Once = 2,
    Always = 3,
}

/// <summary>Touch policy of a YubiKey key (tag AB).</summary>
public enum PivTouchPolicy : byte
{
    Default = 0,
    Never = 1,
    Always = 2,
    Cached = 3,
}

/// <summary>
/// A PIV key slot (SP 800-73-4 Part 1 Table 4b): key reference, the data object holding its certificate
/// (Table 3), the PIN rule the spec gives the slot, and the CKA_ID OpenSC's PIV driver gives its objects
/// (01 = 9A, 02 = 9C, 03 = 9D, 04 = 9E, 05..18 = 82..95), so pkcs11: URIs written for OpenSC keep working.
/// </summary>
public sealed record PivSlot(byte Reference, string Name, int CertificateObject, byte OpenScId, PivPinPolicy SpecPinPolicy)
{
    public static PivSlot Authentication { get; } = new(0x9A, "PIV Authentication", PivConstants.ObjAuthenticationCert, 0x01, PivPinPolicy.Once);
    public static PivSlot Signature { get; } = new(0x9C, "Digital Signature", PivConstants.ObjSignatureCert, 0x02, PivPinPolicy.Always);
    public static PivSlot KeyManagement { get; } = new(0x9D, "Key Management", PivConstants.ObjKeyManagementCert, 0x03, PivPinPolicy.Once);
    public static PivSlot CardAuthentication { get; } = new(0x9E, "Card Authentication", PivConstants.ObjCardAuthCert, 0x04, PivPinPolicy.Never);

    /// <summary>Yubico's attestation key (not a PIV slot; its certificate is object 5FFF01).</summary>
    public static PivSlot Attestation { get; } = new(0xF9, "Attestation", PivConstants.ObjAttestationCert, 0x19, PivPinPolicy.Never);

    /// <summary>The 20 retired key management slots 82..95, "Retired Key Management 1..20".</summary>
    public static IReadOnlyList<PivSlot> Retired { get; } = Enumerable.Range(0, 20)
        .Select(i => new PivSlot((byte)(0x82 + i), $"Retired Key Management {i + 1}", PivConstants.ObjRetiredCertFirst + i, (byte)(0x05 + i), PivPinPolicy.Once))
        .ToArray();

    /// <summary>9A, 9C, 9D, 9E, then 82..95 (the order OpenSC lists them).</summary>
    public static IReadOnlyList<PivSlot> All { get; } = [Authentication, Signature, KeyManagement, CardAuthentication, .. Retired];

    public bool IsRetired => Reference is >= 0x82 and <= 0x95;

    /// <summary>By key reference (9A, 82 ...), including F9; null for anything else.</summary>
    public static PivSlot? FromReference(byte reference) =>
        reference == Attestation.Reference ? Attestation : All.FirstOrDefault(s => s.Reference == reference);

    /// <summary>By OpenSC CKA_ID (01..18); null for anything else.</summary>
    public static PivSlot? FromOpenScId(byte id) => All.FirstOrDefault(s => s.OpenScId == id);

    /// <summary>"9a", "9C", "82", "authentication", "signature", "key-management", "card-authentication".</summary>
    public static PivSlot? Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        return t switch
        {
            "authentication" or "auth" => Authentication,
            "signature" or "sign" => Signature,
            "key-management" or "keymgmt" => KeyManagement,
            "card-authentication" or "cardauth" => CardAuthentication,
            "attestation" => Attestation,
            _ => t.Length == 2 && byte.TryParse(t, System.Globalization.NumberStyles.HexNumber, null, out var b) ? FromReference(b) : null,
        };
    }

    public override string ToString() => $"{Reference:X2} ({Name})";
}
