using System.Runtime.InteropServices;

namespace SharpSC.Diagnostics;

/// <summary>
/// Random bytes from the operating system. On Linux straight from getrandom(2): System.Security.Cryptography's
/// generator goes through OpenSSL there, which SharpSC keeps out of its hosts' processes (and out of the
/// Debian package's dependencies): docs/ARCHITECTURE.md.
/// </summary>
public static partial class SystemRandom
{
    private const int Eintr = 4;

    public static void Fill(Span<byte> output)
    {
        if (!OperatingSystem.IsLinux())
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(output);
            return;
        }
        while (!output.IsEmpty)
        {
            var n = GetRandom(ref MemoryMarshal.GetReference(output), (nuint)output.Length, 0);
            if (n > 0)
            {
                output = output[(int)n..];
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr) throw new InvalidOperationException($"getrandom failed (errno {errno})");
        }
    }

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static partial nint GetRandom(ref byte buffer, nuint length, uint flags);
}
