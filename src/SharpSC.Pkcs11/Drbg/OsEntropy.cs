using System.Runtime.InteropServices;

namespace SharpSC.Pkcs11.Drbg;

/// <summary>
/// Entropy from the operating system. On Linux straight from getrandom(2): System.Security.Cryptography's
/// generator goes through OpenSSL there, which the module keeps out of its hosts (docs/ARCHITECTURE.md).
/// </summary>
internal static partial class OsEntropy
{
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

    private const int Eintr = 4;

    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static partial nint GetRandom(ref byte buffer, nuint length, uint flags);
}
