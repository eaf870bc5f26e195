using System.Diagnostics;
using System.Text;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// GnuPG 2.2 as a referee on a PC/SC card: its own GNUPGHOME (0700) with scdaemon talking to pcscd
/// (disable-ccid, pcsc-shared: other programs keep using the card) and loopback PIN entry; `gpg --card-edit`
/// driven through --command-fd/--status-fd, answering each prompt by its keyword. The agent and scdaemon it
/// starts are stopped at dispose (gpgconf --kill all, for this home only).
/// </summary>
public sealed class GnuPg : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TempDir _home = new("sharpsc-gnupg");

    public GnuPg(string? reader = null)
    {
        var scdaemon = $"disable-ccid\npcsc-shared\nlog-file {_home.File("scdaemon.log")}\n" + (reader == null ? "" : $"reader-port {reader}\n");
        File.WriteAllText(_home.File("scdaemon.conf"), scdaemon);
        File.WriteAllText(_home.File("gpg-agent.conf"), "allow-loopback-pinentry\n");
    }

    public string Home => _home.Path;

    /// <summary>What scdaemon logged (errors and card events, no APDUs), for failure messages.</summary>
    public string ScdaemonLog => File.Exists(_home.File("scdaemon.log")) ? File.ReadAllText(_home.File("scdaemon.log")) : "";

    public IDictionary<string, string?> Environment => new Dictionary<string, string?> { ["GNUPGHOME"] = Home, ["LANG"] = "C", ["LC_ALL"] = "C" };

    /// <summary>gpg with the arguments given (batch, no tty); the result as is.</summary>
    public ProcessResult Run(params string[] args) =>
        ProcessRunner.Run("gpg", ["--batch", "--no-tty", .. args], Environment, timeout: Limit);

    /// <summary>gpg with PIN entry through the loopback (--passphrase).</summary>
    public ProcessResult RunWithPin(string pin, params string[] args) =>
        Run(["--pinentry-mode", "loopback", "--passphrase", pin, .. args]);

    public string CardStatus()
    {
        var r = Run("--card-status");
        if (r.ExitCode != 0) throw new InvalidOperationException("gpg --card-status failed: " + r + "\n--- scdaemon ---\n" + ScdaemonLog);
        return r.StdOut;
    }

    /// <summary>
    /// Stops this home's scdaemon (the next gpg command starts a fresh one). scdaemon with pcsc-shared caches the card's
    /// state, PW1 verified included (GnuPG documents the option as one that assumes exclusive access); after another
    /// program selected the OpenPGP application, which clears the card's PIN status, it must read the card again.
    /// </summary>
    public void ForgetCardState()
    {
        var r = ProcessRunner.Run("gpgconf", ["--kill", "scdaemon"], Environment, timeout: Limit);
        if (r.ExitCode != 0) throw new InvalidOperationException("gpgconf --kill scdaemon failed: " + r);
        // gpg-agent notices its scdaemon gone on the next request (a broken pipe), then starts a new one.
        for (var i = 0; i < 20; i++)
        {
            if (Agent("SCD SERIALNO").StdOut.Contains("S SERIALNO", StringComparison.Ordinal)) return;
            Thread.Sleep(250);
        }
        throw new InvalidOperationException("scdaemon did not come back after gpgconf --kill scdaemon");
    }

    /// <summary>gpg-connect-agent with the commands given (e.g. "SCD SERIALNO", "/bye").</summary>
    public ProcessResult Agent(params string[] commands) =>
        ProcessRunner.Run("gpg-connect-agent", [.. commands, "/bye"], Environment, timeout: Limit);

    /// <summary>
    /// `gpg --card-edit` with <paramref name="commands"/> at its prompt (then quit), answering GET_LINE and GET_BOOL
    /// prompts from <paramref name="answers"/> (keyword -> answers in order; missing: empty / no) and each PIN prompt
    /// with the next of <paramref name="pins"/>. Returns the status lines and the exit code.
    /// </summary>
    public CardEditResult CardEdit(IEnumerable<string> commands, IReadOnlyDictionary<string, string[]>? answers = null, IEnumerable<string>? pins = null) =>
        Drive(["--card-edit"], commands, answers, pins);

    /// <summary>
    /// `gpg --expert --full-gen-key` making an OpenPGP key of the card key whose keygrip is given ("Existing key"),
    /// with the user ID given, never expiring; <paramref name="pins"/> answer the card's PIN prompts for the self-signature.
    /// </summary>
    public CardEditResult AdoptCardKey(string keygrip, string name, string email, IEnumerable<string> pins) =>
        Drive(["--expert", "--full-gen-key"], [], new Dictionary<string, string[]>
        {
            ["keygen.algo"] = ["13"],
            ["keygen.keygrip"] = [keygrip],
            ["keygen.flags"] = ["Q"],
            ["keygen.valid"] = ["0"],
            ["keygen.name"] = [name],
            ["keygen.email"] = [email],
        }, pins);

    private CardEditResult Drive(string[] gpgArgs, IEnumerable<string> commands, IReadOnlyDictionary<string, string[]>? answers, IEnumerable<string>? pins)
    {
        var psi = ProcessRunner.StartInfo("gpg", ["--command-fd", "0", "--status-fd", "1", "--pinentry-mode", "loopback", "--no-tty", .. gpgArgs], Environment, null);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start gpg");
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        var queue = new Queue<string>(commands);
        var pinQueue = new Queue<string>(pins ?? []);
        var given = (answers ?? new Dictionary<string, string[]>()).ToDictionary(a => a.Key, a => new Queue<string>(a.Value));
        var status = new List<string>();
        var clock = Stopwatch.StartNew();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) != null)
        {
            if (clock.Elapsed > Limit) break;
            if (!line.StartsWith("[GNUPG:] ", StringComparison.Ordinal)) continue;
            status.Add(line[9..]);
            var parts = line[9..].Split(' ');
            var reply = parts[0] switch
            {
                "GET_LINE" when parts[1] == "cardedit.prompt" => queue.Count > 0 ? queue.Dequeue() : "quit",
                "GET_LINE" or "GET_BOOL" => given.TryGetValue(parts[1], out var q) && q.Count > 0 ? q.Dequeue() : parts[0] == "GET_BOOL" ? "n" : "",
                "GET_HIDDEN" => pinQueue.Count > 0 ? pinQueue.Dequeue() : throw new InvalidOperationException($"gpg asked for a PIN nobody gave ({string.Join(" | ", status.TakeLast(4))})"),
                _ => null,
            };
            if (reply == null) continue;
            p.StandardInput.WriteLine(reply);
            p.StandardInput.Flush();
        }
        if (!p.WaitForExit(Limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("gpg --card-edit did not finish: " + string.Join("\n", status));
        }
        p.WaitForExit();
        lock (stderr) return new CardEditResult(p.ExitCode, status, stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            ProcessRunner.Run("gpgconf", ["--kill", "all"], Environment, timeout: TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
        _home.Dispose();
    }
}

/// <summary>What a `gpg --card-edit` session said: exit code, status lines (without "[GNUPG:] "), stderr.</summary>
public sealed record CardEditResult(int ExitCode, IReadOnlyList<string> Status, string StdErr)
{
    public bool Succeeded => Status.Contains("SC_OP_SUCCESS") || Status.Any(s => s.StartsWith("KEY_CREATED", StringComparison.Ordinal));

    public bool Failed => Status.Any(s => s.StartsWith("SC_OP_FAILURE", StringComparison.Ordinal));

    public override string ToString() => $"exit {ExitCode}\n{string.Join("\n", Status)}\n--- stderr ---\n{StdErr}";
}
