using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SharpSC.TestSupport;

/// <summary>
/// One running <c>artifacts/bin/sharpsc-vcard</c> connected to pcscd's vpcd, plus its control socket.
/// Contract with the program (src/SharpSC.VirtualCard.Cli):
///   sharpsc-vcard --port P --state FILE [--applet KIND[,KIND...]] [--host H] [--control SOCKET] [--verbose]
///   prints a line containing "card inserted" once vpcd has the card;
///   the control socket takes one text line per request and answers one line
///   (stats | stats reset | timing | remove | insert | fault SPEC | fault clear | fault list | quit).
/// </summary>
public sealed class VirtualCardProcess : IDisposable
{
    private readonly Process _process;
    private FileStream? _portLock;
    private readonly StringBuilder _output = new();
    private readonly ManualResetEventSlim _inserted = new();

    public int Port { get; }
    public int ProcessId => _process.Id;
    public string StatePath { get; }
    public string ControlPath { get; }
    public string ReaderName => Pcscd.VirtualReaders.First(r => r.Port == Port).Name;
    public string Output { get { lock (_output) return _output.ToString(); } }

    private VirtualCardProcess(Process process, int port, string statePath, string controlPath)
    {
        _process = process;
        Port = port;
        StatePath = statePath;
        ControlPath = controlPath;
    }

    /// <summary>
    /// Starts a card carrying <paramref name="applet"/> (a kind or a comma list, as --applet takes it: "v0",
    /// "piv", "piv,openpgp") in the reader of vpcd port <paramref name="port"/> (<see cref="Pcscd.VirtualReaders"/>:
    /// 35963/35964 "Virtual PCD 00 0x", 35965/35966 "Yubico YubiKey vpcd 00 0x") and waits until it is inserted.
    /// <paramref name="applet"/> null leaves --applet out: the card is what the state file holds.
    /// </summary>
    public static VirtualCardProcess Start(int port, string statePath, string? applet = "v1", bool verbose = false,
        IEnumerable<string>? extraArgs = null)
    {
        Pcscd.EnsureReader(port);
        var portLock = PortLock.Acquire(port);
        var control = Path.Combine(Path.GetDirectoryName(statePath)!, $"vcard-{port}-{Environment.ProcessId}.ctl");
        var psi = new ProcessStartInfo(RepoPaths.Bin("sharpsc-vcard"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--port", port.ToString(), "--state", statePath, "--control", control })
            psi.ArgumentList.Add(a);
        if (applet != null)
        {
            psi.ArgumentList.Add("--applet");
            psi.ArgumentList.Add(applet);
        }
        if (verbose) psi.ArgumentList.Add("--verbose");
        foreach (var a in extraArgs ?? []) psi.ArgumentList.Add(a);

        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start sharpsc-vcard");
        var card = new VirtualCardProcess(p, port, statePath, control) { _portLock = portLock };
        p.OutputDataReceived += (_, e) => card.OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => card.OnLine(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!card._inserted.Wait(TimeSpan.FromSeconds(20)))
        {
            card.Dispose();
            throw new InvalidOperationException("sharpsc-vcard did not report 'card inserted' in 20 s:\n" + card.Output);
        }
        card.WaitForReaderState(present: true);
        return card;
    }

    private void OnLine(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("card inserted", StringComparison.Ordinal)) _inserted.Set();
    }

    /// <summary>Sends one control request and returns the one-line answer.</summary>
    public string Control(string request)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(ControlPath));
        s.Send(Encoding.ASCII.GetBytes(request + "\n"));
        var buf = new byte[4096];
        var sb = new StringBuilder();
        s.ReceiveTimeout = 30_000;
        while (!sb.ToString().Contains('\n'))
        {
            var n = s.Receive(buf);
            if (n == 0) break;
            sb.Append(Encoding.ASCII.GetString(buf, 0, n));
        }
        return sb.ToString().Trim();
    }

    /// <summary>APDUs the card has answered since start (or the last "stats reset").</summary>
    public long ApduCount => ParseStats()["apdus"];

    public Dictionary<string, long> ParseStats() =>
        Control("stats").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('='))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1]));

    /// <summary>
    /// Sends <paramref name="signal"/> ("TERM", "INT") with kill(1) and waits for the program to end; returns how
    /// long that took. Throws with the program's output when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public TimeSpan Signal(string signal, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var kill = ProcessRunner.Run("kill", "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (kill.ExitCode != 0) throw new InvalidOperationException("kill failed: " + kill);
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"sharpsc-vcard still running {timeout.TotalSeconds:0.#} s after SIG{signal}:\n{Output}");
        var elapsed = watch.Elapsed;
        _process.WaitForExit(); // the output is read to the end
        return elapsed;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public void Remove()
    {
        Control("remove");
        WaitForReaderState(present: false);
    }

    public void Insert()
    {
        Control("insert");
        WaitForReaderState(present: true);
    }

    /// <summary>Waits until pcscd reports the card present/absent in this card's reader.</summary>
    public void WaitForReaderState(bool present, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var r = ProcessRunner.Run("opensc-tool", ["--list-readers"], timeout: TimeSpan.FromSeconds(20));
            var line = r.StdOut.Split('\n').FirstOrDefault(l => l.EndsWith(ReaderName, StringComparison.Ordinal));
            if (line != null && line.Contains(" Yes ", StringComparison.Ordinal) == present) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"card in {ReaderName} did not become {(present ? "present" : "absent")}\n{Output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                try { Control("quit"); } catch (SocketException) { } catch (IOException) { }
                if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit();
            Pcscd.WaitUntilEmpty(ReaderName, TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try { File.Delete(ControlPath); } catch (IOException) { }
        _portLock?.Dispose();
        _portLock = null;
    }
}
