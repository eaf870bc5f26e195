using System.Net.Sockets;

namespace SharpSC.TestSupport;

/// <summary>
/// The machine's one pcscd (Debian's always uses /run/pcscd). Tests start it when it is absent and
/// leave a running one alone; build.sh stops it only when it started it.
/// </summary>
public static class Pcscd
{
    public const string Socket = "/run/pcscd/pcscd.comm";

    public static readonly (string Name, int Port)[] VirtualReaders =
    [
        ("Virtual PCD 00 00", 35963),
        ("Virtual PCD 00 01", 35964),
    ];

    /// <summary>The index OpenSC's tools (-r N) give the reader, from opensc-tool --list-readers.</summary>
    public static int OpenScReaderIndex(string readerName)
    {
        var r = ProcessRunner.RunChecked("opensc-tool", "--list-readers");
        foreach (var line in r.StdOut.Split('\n'))
        {
            var fields = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && int.TryParse(fields[0], out var index) && line.TrimEnd().EndsWith(" " + readerName, StringComparison.Ordinal))
                return index;
        }
        throw new InvalidOperationException($"OpenSC does not list reader {readerName}:\n{r.StdOut}");
    }

    private static readonly object Gate = new();

    public static bool IsRunning()
    {
        if (!File.Exists(Socket)) return false;
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Starts pcscd when it is not running and waits until vpcd listens on its ports.</summary>
    public static void EnsureRunning()
    {
        lock (Gate)
        {
            if (!IsRunning())
            {
                var r = ProcessRunner.Run("pcscd", []);
                if (r.ExitCode != 0) throw new InvalidOperationException("pcscd did not start: " + r);
            }
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!(IsRunning() && VirtualReaders.All(v => PortListens(v.Port))))
            {
                if (DateTime.UtcNow > deadline)
                    throw new InvalidOperationException("pcscd with vpcd (ports 35963/35964) is not ready after 15 s");
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>
    /// Waits until pcscd reports the reader empty. A card process that quit is noticed by vpcd's presence
    /// poll, a moment later; the next test must not see the old card.
    /// </summary>
    public static void WaitUntilEmpty(string readerName, TimeSpan timeout)
    {
        using var context = SharpSC.PCSC.PcscContext.TryEstablish(out _);
        if (context == null) return;
        var deadline = DateTime.UtcNow + timeout;
        var state = new SharpSC.PCSC.ReaderState(readerName);
        while (DateTime.UtcNow < deadline)
        {
            state.CurrentState = 0;
            var rv = context.GetStatusChange(TimeSpan.Zero, [state]);
            if (rv == 0 && (state.EventFlags & SharpSC.PCSC.ReaderStates.Empty) != 0) return;
            Thread.Sleep(50);
        }
    }

    public static bool PortListens(int port)
    {
        try
        {
            // vpcd accepts one card per port; connecting and leaving immediately counts as a
            // short card insertion, so probe /proc instead of making a real connection.
            return File.ReadAllLines("/proc/net/tcp").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(f => f.Length > 3 && f[3] == "0A" && f[1].EndsWith(":" + port.ToString("X4"), StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
