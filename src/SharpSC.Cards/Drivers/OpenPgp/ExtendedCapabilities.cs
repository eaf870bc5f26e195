namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// Extended capabilities (DO C0, §4.4.3.7). Byte 1 is the feature bits on every version; bytes 3-6 the maximum
/// GET CHALLENGE and certificate lengths from 2.0; in the 3.x layout bytes 7-8 are the maximum length of special
/// DOs and bytes 9-10 PIN block 2 / MSE support. Short or missing values count as "not offered".
/// </summary>
public sealed record ExtendedCapabilities(byte Features, int MaxChallengeLength, int MaxCertificateLength, int MaxSpecialDoLength, bool ManageSecurityEnvironment)
{
    public static ExtendedCapabilities None { get; } = new(0, 0, 0, 0, false);

    public bool GetChallenge => Has(OpenPgpSpec.ExtendedCapabilityBits.GetChallenge);
    public bool KeyImport => Has(OpenPgpSpec.ExtendedCapabilityBits.KeyImport);
    public bool PwStatusChangeable => Has(OpenPgpSpec.ExtendedCapabilityBits.PwStatusChangeable);
    public bool PrivateUseDataObjects => Has(OpenPgpSpec.ExtendedCapabilityBits.PrivateUseDataObjects);
    public bool AlgorithmAttributesChangeable => Has(OpenPgpSpec.ExtendedCapabilityBits.AlgorithmAttributesChangeable);
    public bool SecureMessaging => Has(OpenPgpSpec.ExtendedCapabilityBits.SecureMessaging);
    public bool KeyDerivedPasswords => Has(OpenPgpSpec.ExtendedCapabilityBits.KeyDerivedFunction);

    private bool Has(byte bit) => (Features & bit) != 0;

    public static ExtendedCapabilities Parse(ReadOnlySpan<byte> value, int version)
    {
        if (value.Length == 0) return None;
        var challenge = value.Length >= 4 ? value[2] << 8 | value[3] : 0;
        var certificate = value.Length >= 6 ? value[4] << 8 | value[5] : 0;
        var v3 = version >= 0x0300 && value.Length >= 10;
        return new ExtendedCapabilities(
            value[0],
            challenge,
            certificate,
            v3 ? value[6] << 8 | value[7] : 0,
            v3 && value[9] != 0);
    }
}
