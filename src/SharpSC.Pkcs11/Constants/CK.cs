namespace SharpSC.Pkcs11.Constants;

/// <summary>Stand-alone values of PKCS#11 (3.0 §3).</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CK
{
    public const ulong CK_INVALID_HANDLE = 0;
    public const ulong CK_UNAVAILABLE_INFORMATION = ulong.MaxValue;
    public const ulong CK_EFFECTIVELY_INFINITE = 0;
    public const byte CK_TRUE = 1;
    public const byte CK_FALSE = 0;

    /// <summary>CK_UNAVAILABLE_INFORMATION as the native CK_ULONG (32-bit on Windows).</summary>
    public static ulong Unavailable => OperatingSystem.IsWindows() ? uint.MaxValue : ulong.MaxValue;
}
