using System.Diagnostics;
using System.Text;

namespace SharpSC.TestSupport;

/// <summary>
/// A long-running program a test starts and stops itself (sshd, ssh-agent, openssl s_server,
/// p11-kit server): its output is collected, and it is killed by its own id at dispose.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>stdout and stderr interleaved, as far as read.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Description => $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}";

    public static BackgroundProcess Start(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null,
        string? workingDirectory = null)
    {
        var p = Process.Start(ProcessRunner.StartInfo(file, args, env, workingDirectory)) ?? throw new InvalidOperationException("cannot start " + file);
        var bp = new BackgroundProcess(p);
        p.OutputDataReceived += (_, e) => bp.Append(e.Data);
        p.ErrorDataReceived += (_, e) => bp.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return bp;
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output when the program exits first or time runs out.</summary>
    public void WaitForOutput(string text, TimeSpan? timeout = null) =>
        WaitUntil(() => Output.Contains(text, StringComparison.Ordinal), $"output \"{text}\"", timeout);

    /// <summary>Waits until the program listens on TCP <paramref name="port"/> (127.0.0.1).</summary>
    public void WaitForPort(int port, TimeSpan? timeout = null) =>
        WaitUntil(() => Pcscd.PortListens(port), $"listening on port {port}", timeout);

    /// <summary>Waits until <paramref name="path"/> exists (a Unix socket the program creates).</summary>
    public void WaitForFile(string path, TimeSpan? timeout = null) =>
        WaitUntil(() => File.Exists(path), $"creating {path}", timeout);

    private void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"{Description} exited ({_process.ExitCode}) before {what}:\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Description} not {what} after {timeout ?? TimeSpan.FromSeconds(20)}:\n{Output}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits for the program to end by itself; returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"{Description} still running after {timeout}:\n{Output}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
