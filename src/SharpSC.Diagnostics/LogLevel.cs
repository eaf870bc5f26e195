namespace SharpSC.Diagnostics;

/// <summary>Trace levels, as set by SHARPSC_DEBUG=0..3.</summary>
public enum LogLevel
{
    /// <summary>Nothing is written (the default).</summary>
    Off = 0,

    /// <summary>Failures: errors returned to the caller with their reason, card and reader trouble.</summary>
    Error = 1,

    /// <summary>Plus every PKCS#11 call with its arguments and return code.</summary>
    Info = 2,

    /// <summary>Plus every APDU (secrets redacted) and internal decisions.</summary>
    Debug = 3,
}
