namespace SharpSC.Cards.Security;

/// <summary>
/// What MANAGE SECURITY ENVIRONMENT SET last put on the card (ISO 7816-4 §7.5.11): control reference template
/// (P2: B6 signature, B8 decipher, 00 key generation on IsoApplet), algorithm and key reference.
/// </summary>
public readonly record struct SecurityEnvironment(byte Template, byte? Algorithm, byte KeyReference)
{
    public const byte DigitalSignature = 0xB6;
    public const byte Confidentiality = 0xB8;
}
