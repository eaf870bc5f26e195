using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SharpSC.TestSupport;

/// <summary>
/// Who holds a vpcd reader's lock file (<see cref="PortLock"/>), found in /proc (the processes with that
/// file open), and the one holder the tests may take the reader from: the card `./build.sh demo` left in
/// the reader. samples/demo/demo.sh starts it as `sharpsc-vcard ... --state DIR/card.state --control
/// DIR/card.ctl` and writes its pid to DIR/card.pid; a process matching all three is the demo's card,
/// anything else (a user's own card, another test run) is never touched.
/// </summary>
public static class ReaderHolders
{
    public sealed record Holder(int Pid, string CommandLine, string? DemoDirectory)
    {
        public bool IsDemoCard => DemoDirectory != null;

        public string ControlSocket => Path.Combine(DemoDirectory!, "card.ctl");
    }

    /// <summary>The processes that have <paramref name="lockFile"/> open (this process excluded).</summary>
    public static IReadOnlyList<Holder> Of(string lockFile)
    {
        var target = Path.GetFullPath(lockFile);
        var holders = new List<Holder>();
        foreach (var dir in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                continue;
            var holds = SafeEnumerate(Path.Combine(dir, "fd")).Any(fd => LinkTarget(fd) == target);
            if (!holds) continue;
            var argv = CommandLine(pid);
            holders.Add(new Holder(pid, string.Join(' ', argv), DemoDirectory(pid, argv)));
        }
        return holders;
    }

    /// <summary>Asks the demo's card to leave (its control socket's "quit": it saves its state and exits), then SIGTERM.</summary>
    public static bool TakeOut(Holder demoCard, TimeSpan timeout)
    {
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(demoCard.ControlSocket));
            s.Send(Encoding.ASCII.GetBytes("quit\n"));
            s.ReceiveTimeout = 5000;
            s.Receive(new byte[64]);
        }
        catch (SocketException)
        {
        }
        if (WaitForExit(demoCard.Pid, timeout / 2)) return true;
        ProcessRunner.Run("kill", ["-TERM", demoCard.Pid.ToString(CultureInfo.InvariantCulture)]);
        return WaitForExit(demoCard.Pid, timeout / 2);
    }

    private static bool WaitForExit(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!Alive(pid)) return true;
            Thread.Sleep(100);
        }
        return !Alive(pid);
    }

    /// <summary>Running, and not a zombie waiting for a parent that does not reap it.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? DemoDirectory(int pid, string[] argv)
    {
        if (argv.Length == 0 || !Path.GetFileName(argv[0]).StartsWith("sharpsc-vcard", StringComparison.Ordinal)) return null;
        string? Option(string name)
        {
            var i = Array.IndexOf(argv, name);
            return i >= 0 && i + 1 < argv.Length ? argv[i + 1] : null;
        }
        if (Option("--state") is not { } state || Path.GetFileName(state) != "card.state") return null;
        var dir = Path.GetDirectoryName(state);
        if (dir == null || Option("--control") != Path.Combine(dir, "card.ctl")) return null;
        try
        {
            return File.ReadAllText(Path.Combine(dir, "card.pid")).Trim() == pid.ToString(CultureInfo.InvariantCulture) ? dir : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SafeEnumerate(string dir)
    {
        try
        {
            return Directory.GetFileSystemEntries(dir);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
