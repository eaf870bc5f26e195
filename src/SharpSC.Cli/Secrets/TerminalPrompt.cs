using System.Runtime.InteropServices;
using System.Text;

namespace SharpSC.Cli.Secrets;

/// <summary>
/// Prompts on the controlling terminal (/dev/tty, so it works with stdin and stdout redirected) with echo off
/// (termios ECHO cleared, restored afterwards and on Ctrl-C). Windows uses the console.
/// </summary>
internal sealed partial class TerminalPrompt : ITerminal
{
    private const int MaxLength = 256;
    private const uint EchoFlag = 0x8; // termios ECHO on Linux and macOS

    public byte[]? ReadSecret(string prompt)
    {
        if (OperatingSystem.IsWindows())
            return ReadFromConsole(prompt);
        FileStream tty;
        try
        {
            tty = new FileStream("/dev/tty", FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        using (tty)
        {
            var fd = (int)tty.SafeFileHandle.DangerousGetHandle();
            var prompt8 = Encoding.UTF8.GetBytes(prompt);
            tty.Write(prompt8);
            tty.Flush();
            var saved = new byte[256];
            var echoOff = tcgetattr(fd, saved) == 0;
            using var restore = echoOff ? PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => tcsetattr(fd, 0, saved)) : null;
            if (echoOff)
            {
                var quiet = (byte[])saved.Clone();
                SetLocalFlags(quiet, LocalFlags(quiet) & ~EchoFlag);
                tcsetattr(fd, 0, quiet);
            }
            try
            {
                return ReadLine(tty);
            }
            finally
            {
                if (echoOff)
                    tcsetattr(fd, 0, saved);
                tty.Write("\n"u8);
                tty.Flush();
            }
        }
    }

    private static byte[] ReadLine(Stream tty)
    {
        var buffer = new List<byte>(32);
        int b;
        while ((b = tty.ReadByte()) >= 0 && b != '\n' && b != '\r')
        {
            if (buffer.Count < MaxLength)
                buffer.Add((byte)b);
        }
        var line = buffer.ToArray();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(CollectionsMarshal.AsSpan(buffer));
        return line;
    }

    private static byte[]? ReadFromConsole(string prompt)
    {
        if (Console.IsInputRedirected)
            return null;
        Console.Error.Write(prompt);
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); continue; }
            chars.Add(key.KeyChar);
        }
        Console.Error.WriteLine();
        var bytes = Encoding.UTF8.GetBytes(chars.ToArray());
        CollectionsMarshal.AsSpan(chars).Clear();
        return bytes;
    }

    // struct termios: c_iflag, c_oflag, c_cflag, c_lflag are tcflag_t (4 bytes on Linux, 8 on macOS).
    private static int LocalFlagsOffset => OperatingSystem.IsMacOS() ? 24 : 12;

    private static uint LocalFlags(byte[] termios) => BitConverter.ToUInt32(termios, LocalFlagsOffset);

    private static void SetLocalFlags(byte[] termios, uint value) => BitConverter.TryWriteBytes(termios.AsSpan(LocalFlagsOffset), value);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, byte[] termios);
}
