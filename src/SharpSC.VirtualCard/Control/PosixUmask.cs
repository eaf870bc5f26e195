using System.Runtime.InteropServices;

namespace SharpSC.VirtualCard.Control;

/// <summary>Creates files with umask 077 so that a socket is never visible with wider permissions.</summary>
internal static partial class PosixUmask
{
    public static void WithPrivateFiles(Action create)
    {
        if (OperatingSystem.IsWindows())
        {
            create();
            return;
        }
        var previous = Umask(0x3F);
        try
        {
            create();
        }
        finally
        {
            Umask(previous);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
