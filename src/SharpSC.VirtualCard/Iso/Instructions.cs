namespace SharpSC.VirtualCard.Iso;

/// <summary>Instruction bytes (ISO/IEC 7816-4 table 4, 7816-8, 7816-9) the IsoApplet understands.</summary>
internal static class Instructions
{
    public const byte Select = 0xA4;
    public const byte ReadBinary = 0xB0;
    public const byte UpdateBinary = 0xD6;
    public const byte CreateFile = 0xE0;
    public const byte DeleteFile = 0xE4;
    public const byte Verify = 0x20;
    public const byte ChangeReferenceData = 0x24;
    public const byte ResetRetryCounter = 0x2C;
    public const byte ManageSecurityEnvironment = 0x22;
    public const byte PerformSecurityOperation = 0x2A;
    public const byte GenerateAsymmetricKeyPair = 0x46;
    public const byte PutData = 0xDB;
    public const byte GetChallenge = 0x84;
    public const byte GetData = 0xCA;
    public const byte GetResponse = 0xC0;
    public const byte ManageChannel = 0x70;
}
