namespace SharpSC.PCSC.Native;

/// <summary>Picks the binding of the running platform.</summary>
internal static class PcscNative
{
    public static IPcscNative ForCurrentPlatform() =>
        OperatingSystem.IsWindows() ? new WinScardNative()
        : OperatingSystem.IsMacOS() ? new MacPcscNative()
        : new PcscLiteNative();
}
