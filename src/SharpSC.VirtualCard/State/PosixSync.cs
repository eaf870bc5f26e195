using System.Runtime.InteropServices;

namespace SharpSC.VirtualCard.State;

/// <summary>fsync of a directory, so that a rename inside it survives a power loss (POSIX rename(2) + fsync(2)).</summary>
internal static partial class PosixSync
{
    private const int ReadOnly = 0;
    private const int DirectoryFlagLinux = 0x10000;

    public static void Directory(string path)
    {
        var fd = Open(path, ReadOnly | (OperatingSystem.IsLinux() ? DirectoryFlagLinux : 0));
        if (fd < 0) return; // best effort: the rename itself is already atomic
        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
