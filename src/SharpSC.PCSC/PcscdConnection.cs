using System.Globalization;
using System.Runtime.InteropServices;

namespace SharpSC.PCSC;

/// <summary>
/// The socket through which one pcsc-lite context talks to pcscd (pcsc-lite opens one per context, and
/// keeps it until SCardReleaseContext). Found by what a context's establishment adds to this process's
/// open sockets connected to pcscd: exactly one new socket (by inode) is the context's; anything else
/// (another thread establishing a context at the same moment) leaves it unknown. Shutting it down makes a
/// call blocked in that context (a transmit to a card that stopped answering) return at once with an
/// error, where nothing in the PC/SC API can (RELIABILITY.md, measured); the context is dead afterwards.
/// Linux only; elsewhere the socket stays unknown.
/// </summary>
internal static partial class PcscdConnection
{
    private const int AfUnix = 1;
    private const int ShutRdWr = 2;
    private const string DefaultSocket = "/run/pcscd/pcscd.comm";

    /// <summary>Socket inode -> file descriptor of this process's sockets connected to pcscd.</summary>
    public static Dictionary<string, int> Snapshot()
    {
        var sockets = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux()) return sockets;
        var pcscd = Environment.GetEnvironmentVariable("PCSCLITE_CSOCK_NAME") ?? DefaultSocket;
        string[] fds;
        try
        {
            fds = Directory.GetFileSystemEntries("/proc/self/fd");
        }
        catch (IOException)
        {
            return sockets;
        }
        foreach (var entry in fds)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd)) continue;
            string? target;
            try
            {
                target = new FileInfo(entry).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }
            if (target == null || !target.StartsWith("socket:[", StringComparison.Ordinal)) continue;
            if (PeerPath(fd) == pcscd) sockets[target] = fd;
        }
        return sockets;
    }

    /// <summary>The one socket <paramref name="after"/> has and <paramref name="before"/> had not; null unless exactly one.</summary>
    public static int? Added(Dictionary<string, int> before, Dictionary<string, int> after)
    {
        int? added = null;
        foreach (var (inode, fd) in after)
        {
            if (before.ContainsKey(inode)) continue;
            if (added != null) return null;
            added = fd;
        }
        return added;
    }

    /// <summary>Shuts the socket down (it stays open: the descriptor cannot be reused until pcsc-lite closes it).</summary>
    public static void Interrupt(int fd) => _ = Shutdown(fd, ShutRdWr);

    private static unsafe string? PeerPath(int fd)
    {
        var address = stackalloc byte[110];
        var length = 110u;
        if (GetPeerName(fd, address, &length) != 0 || length <= 2 || *(ushort*)address != AfUnix) return null;
        var path = new ReadOnlySpan<byte>(address + 2, (int)Math.Min(length - 2, 108u));
        var end = path.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? path : path[..end]);
    }

    [LibraryImport("libc", EntryPoint = "getpeername")]
    private static unsafe partial int GetPeerName(int socket, byte* address, uint* length);

    [LibraryImport("libc", EntryPoint = "shutdown")]
    private static partial int Shutdown(int socket, int how);
}
