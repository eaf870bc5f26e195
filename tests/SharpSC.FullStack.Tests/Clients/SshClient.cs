using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// Runs ssh, ssh-add and ssh-keygen as a user would, with the card PIN answered by an SSH_ASKPASS
/// program (SSH_ASKPASS_REQUIRE=force: no terminal needed) and nothing read from ~/.ssh/config.
/// </summary>
public sealed class SshClient
{
    private readonly TempDir _dir;
    private readonly string _askPass;

    public SshClient(TempDir dir, string pin)
    {
        _dir = dir;
        _askPass = dir.File("askpass.sh");
        File.WriteAllText(_askPass, $"#!/bin/sh\necho '{pin}'\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_askPass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The agent socket ssh and ssh-add use, when set.</summary>
    public string? AgentSocket { get; set; }

    public Dictionary<string, string?> Environment() => new()
    {
        ["SSH_ASKPASS"] = _askPass,
        ["SSH_ASKPASS_REQUIRE"] = "force",
        ["DISPLAY"] = null,
        ["SSH_AUTH_SOCK"] = AgentSocket,
    };

    /// <summary>Runs <paramref name="command"/> on the server as the current user; extra options first (e.g. -I module).</summary>
    public ProcessResult Ssh(SshServer server, string command, params string[] options) =>
        ProcessRunner.Run("ssh", ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", $"UserKnownHostsFile={_dir.File("known_hosts")}",
            "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no", "-o", "ConnectTimeout=20",
            "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options,
            $"{System.Environment.UserName}@127.0.0.1", command], Environment(), stdin: "", timeout: TimeSpan.FromSeconds(60));

    /// <summary>A public key PEM as ssh writes keys: "type base64".</summary>
    public static string KeyFromPem(string pem)
    {
        var fields = ProcessRunner.RunChecked("ssh-keygen", "-i", "-m", "PKCS8", "-f", pem).StdOut.Trim().Split(' ');
        return fields[0] + " " + fields[1];
    }

    /// <summary>The authorized_keys line `ssh-keygen -D` prints for the card key <paramref name="pem"/> (other readers may hold other cards).</summary>
    public static string CardKeyLine(string module, string pem)
    {
        var key = KeyFromPem(pem);
        var r = ProcessRunner.RunChecked("ssh-keygen", "-D", module);
        return r.StdOut.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"ssh-keygen -D does not print {key}:\n{r}");
    }

    public ProcessResult Run(string program, params string[] args) =>
        ProcessRunner.Run(program, args, Environment(), stdin: "", timeout: TimeSpan.FromSeconds(60));
}
