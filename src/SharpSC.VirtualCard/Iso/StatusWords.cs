namespace SharpSC.VirtualCard.Iso;

/// <summary>Status words (ISO/IEC 7816-4 §5.6) as the IsoApplet and the Java Card runtime use them.</summary>
internal static class StatusWords
{
    public const ushort Ok = 0x9000;
    public const ushort BytesRemaining = 0x6100;
    public const ushort PinTriesRemaining = 0x63C0;
    public const ushort MemoryFailure = 0x6581;
    public const ushort WrongLength = 0x6700;
    public const ushort LogicalChannelNotSupported = 0x6881;
    public const ushort SecureMessagingNotSupported = 0x6882;
    public const ushort ChainingNotSupported = 0x6884;
    public const ushort CommandNotAllowedGeneral = 0x6900;
    public const ushort IncompatibleFileStructure = 0x6981;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort DataInvalid = 0x6984;
    public const ushort ConditionsNotSatisfied = 0x6985;
    public const ushort CommandNotAllowed = 0x6986;
    public const ushort WrongData = 0x6A80;
    public const ushort FunctionNotSupported = 0x6A81;
    public const ushort FileNotFound = 0x6A82;
    public const ushort FileFull = 0x6A84;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort OffsetOutsideEf = 0x6B00;
    public const ushort CorrectLength = 0x6C00;
    public const ushort InsNotSupported = 0x6D00;
    public const ushort ClaNotSupported = 0x6E00;
    public const ushort Unknown = 0x6F00;
    public const ushort EndOfFileReached = 0x6282;
    public const ushort AuthenticationBlocked = 0x6983;
    public const ushort LastCommandOfChainExpected = 0x6883;
    public const ushort IncorrectLengthForP1 = 0x6A87;
    public const ushort FileAlreadyExists = 0x6A89;
}
