using System.Net.Sockets;
using System.Text;

namespace SharpSC.VirtualCard.Control;

/// <summary>
/// A Unix domain socket (mode 0600) that takes one text line per connection and answers one line.
/// A stale socket file left by a killed process is replaced; a live one is an error.
/// </summary>
public sealed class ControlServer : IDisposable
{
    private const int MaxRequest = 4096;
    private readonly Socket _listener;
    private readonly Func<string, string> _handle;
    private readonly Action<string> _log;
    private readonly Thread _thread;
    private volatile bool _stopped;

    public ControlServer(string path, Func<string, string> handle, Action<string> log)
    {
        Path = System.IO.Path.GetFullPath(path);
        _handle = handle;
        _log = log;
        RemoveStaleSocket(Path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        PosixUmask.WithPrivateFiles(() => _listener.Bind(new UnixDomainSocketEndPoint(Path)));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(8);
        _thread = new Thread(Serve) { IsBackground = true, Name = "vcard-control" };
        _thread.Start();
    }

    public string Path { get; }

    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private void Serve()
    {
        while (!_stopped)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_stopped) _log($"control socket stopped: {e.Message}");
                return;
            }
            // Requests can block (insert waits for vpcd), so each connection gets its own thread.
            new Thread(() => Answer(client)) { IsBackground = true, Name = "vcard-control-request" }.Start();
        }
    }

    private void Answer(Socket client)
    {
        using (client)
        {
            try
            {
                client.ReceiveTimeout = 10_000;
                var request = ReadLine(client);
                var answer = request == null ? "error: no request line" : _handle(request);
                client.Send(Encoding.UTF8.GetBytes(answer.Replace('\n', ' ') + "\n"));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _log($"control request failed: {e.Message}");
            }
        }
    }

    private static string? ReadLine(Socket client)
    {
        var buffer = new byte[MaxRequest];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (n == 0) break;
            length += n;
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
            if (newline >= 0) return Encoding.UTF8.GetString(buffer, 0, newline).TrimEnd('\r');
        }
        return length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path)) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }
        throw new IOException($"control socket {path} is in use by another process");
    }
}
