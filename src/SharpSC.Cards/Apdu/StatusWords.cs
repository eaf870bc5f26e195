namespace SharpSC.Cards.Apdu;

/// <summary>
/// Status words (SW1 SW2) of ISO/IEC 7816-4 §5.6 (tables 5 and 6), in one place. Families with a variable
/// SW2 (61xx, 63Cx, 6Cxx) have a base value and a test.
/// </summary>
public static class StatusWords
{
    public const ushort Success = 0x9000;

    // 61xx: process completed, SW2 more bytes available (GET RESPONSE, 00 = 256).
    public const byte BytesRemainingSw1 = 0x61;

    // 62xx: warning, state of non-volatile memory unchanged.
    public const ushort WarningNoInformation = 0x6200;
    public const ushort DataMayBeCorrupted = 0x6281;
    public const ushort EndOfFileReached = 0x6282;
    public const ushort SelectedFileDeactivated = 0x6283;
    public const ushort FileControlInfoBadlyFormatted = 0x6284;
    public const ushort SelectedFileTerminated = 0x6285;

    // 63xx: warning, state of non-volatile memory changed.
    public const ushort VerificationFailed = 0x6300;
    public const ushort FileFilledUp = 0x6381;
    public const ushort CounterBase = 0x63C0; // 63Cx: counter (tries left) = x

    // 64xx / 65xx: execution errors.
    public const ushort ExecutionError = 0x6400;
    public const ushort MemoryFailure = 0x6581;

    public const ushort WrongLength = 0x6700;

    // 68xx: functions in CLA not supported.
    public const ushort ClaFunctionNotSupported = 0x6800;
    public const ushort LogicalChannelNotSupported = 0x6881;
    public const ushort SecureMessagingNotSupported = 0x6882;
    public const ushort LastCommandOfChainExpected = 0x6883;
    public const ushort CommandChainingNotSupported = 0x6884;

    // 69xx: command not allowed.
    public const ushort CommandNotAllowed = 0x6900;
    public const ushort IncompatibleFileStructure = 0x6981;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationMethodBlocked = 0x6983;
    public const ushort ReferenceDataNotUsable = 0x6984; // JavaCard calls it SW_DATA_INVALID
    public const ushort ConditionsOfUseNotSatisfied = 0x6985;
    public const ushort CommandNotAllowedNoCurrentEf = 0x6986;
    public const ushort SecureMessagingDataObjectMissing = 0x6987;
    public const ushort SecureMessagingDataObjectIncorrect = 0x6988;

    // 6Axx: wrong parameters P1-P2.
    public const ushort IncorrectData = 0x6A80;
    public const ushort FunctionNotSupported = 0x6A81;
    public const ushort FileNotFound = 0x6A82;
    public const ushort RecordNotFound = 0x6A83;
    public const ushort NotEnoughMemory = 0x6A84;
    public const ushort NcInconsistentWithTlv = 0x6A85;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort NcInconsistentWithP1P2 = 0x6A87;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort FileAlreadyExists = 0x6A89;
    public const ushort DfNameAlreadyExists = 0x6A8A;

    public const ushort WrongParameters = 0x6B00;

    // 6Cxx: wrong Le field, SW2 = exact length (00 = 256).
    public const byte WrongLeSw1 = 0x6C;

    public const ushort InstructionNotSupported = 0x6D00;
    public const ushort ClassNotSupported = 0x6E00;
    public const ushort NoPreciseDiagnosis = 0x6F00;

    public static bool IsBytesRemaining(ushort sw) => sw >> 8 == BytesRemainingSw1;

    public static bool IsWrongLe(ushort sw) => sw >> 8 == WrongLeSw1;

    /// <summary>63Cx: a retry counter of x tries left (ISO 7816-4 table 6).</summary>
    public static bool IsCounter(ushort sw) => (sw & 0xFFF0) == CounterBase;

    /// <summary>SW2 of 61xx / 6Cxx as a length (00 means 256).</summary>
    public static int LengthFromSw2(ushort sw) => (sw & 0xFF) == 0 ? 256 : sw & 0xFF;

    /// <summary>62xx and 63xx: the command completed with a warning.</summary>
    public static bool IsWarning(ushort sw) => sw >> 8 is 0x62 or 0x63;
}
