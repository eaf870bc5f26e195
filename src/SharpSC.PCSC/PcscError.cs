namespace SharpSC.PCSC;

/// <summary>PC/SC return codes (pcsc-lite pcsclite.h / winscard.h; identical values on every platform).</summary>
public static class PcscError
{
    public const uint Success = 0x00000000;
    public const uint InternalError = 0x80100001;
    public const uint Cancelled = 0x80100002;
    public const uint InvalidHandle = 0x80100003;
    public const uint InvalidParameter = 0x80100004;
    public const uint NoMemory = 0x80100006;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint Timeout = 0x8010000A;
    public const uint SharingViolation = 0x8010000B;
    public const uint NoSmartcard = 0x8010000C;
    public const uint UnknownCard = 0x8010000D;
    public const uint ProtoMismatch = 0x8010000F;
    public const uint NotReady = 0x80100010;
    public const uint InvalidValue = 0x80100011;
    public const uint SystemCancelled = 0x80100012;
    public const uint CommError = 0x80100013;
    public const uint UnknownError = 0x80100014;
    public const uint NotTransacted = 0x80100016;
    public const uint ReaderUnavailable = 0x80100017;
    public const uint NoService = 0x8010001D;
    public const uint ServiceStopped = 0x8010001E;
    public const uint NoReadersAvailable = 0x8010002E;
    public const uint UnsupportedFeature = 0x8010001F;
    public const uint UnresponsiveCard = 0x80100066;
    public const uint UnpoweredCard = 0x80100067;
    public const uint ResetCard = 0x80100068;
    public const uint RemovedCard = 0x80100069;

    /// <summary>A short English name for logs and messages.</summary>
    public static string Describe(uint code) => code switch
    {
        Success => "success",
        InternalError => "internal error",
        Cancelled => "cancelled",
        InvalidHandle => "invalid handle",
        InvalidParameter => "invalid parameter",
        NoMemory => "out of memory",
        InsufficientBuffer => "insufficient buffer",
        UnknownReader => "unknown reader",
        Timeout => "timeout",
        SharingViolation => "card in exclusive use by another process",
        NoSmartcard => "no card in reader",
        UnknownCard => "unknown card",
        ProtoMismatch => "protocol mismatch",
        NotReady => "reader or card not ready",
        InvalidValue => "invalid value",
        SystemCancelled => "cancelled by the system",
        CommError => "communication error",
        UnknownError => "unknown error",
        NotTransacted => "transaction failed",
        ReaderUnavailable => "reader unavailable",
        NoService => "PC/SC service (pcscd) not running",
        ServiceStopped => "PC/SC service (pcscd) stopped",
        NoReadersAvailable => "no readers available",
        UnsupportedFeature => "unsupported feature",
        UnresponsiveCard => "card not responding",
        UnpoweredCard => "card not powered",
        ResetCard => "card was reset",
        RemovedCard => "card was removed",
        _ => "unknown PC/SC error",
    };

    /// <summary>True for codes that mean the card (not the reader or the service) went away.</summary>
    public static bool MeansCardGone(uint code) =>
        code is RemovedCard or NoSmartcard or UnpoweredCard or UnresponsiveCard or ReaderUnavailable or UnknownReader;

    /// <summary>True for codes that mean pcscd itself is not there.</summary>
    public static bool MeansNoService(uint code) => code is NoService or ServiceStopped;
}
