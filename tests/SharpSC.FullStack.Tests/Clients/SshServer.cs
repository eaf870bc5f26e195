using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// A throwaway OpenSSH server on 127.0.0.1 and a free high port: its own host key, configuration and
/// authorized_keys, public-key authentication only, run in the foreground by the test and killed at
/// dispose. sshd demands an absolute path and its privilege-separation directory /run/sshd.
/// </summary>
public sealed class SshServer : IDisposable
{
    private const string PrivilegeSeparationDirectory = "/run/sshd";
    private readonly BackgroundProcess _process;
    private readonly bool _createdPrivilegeSeparationDirectory;

    public int Port { get; }

    public string AuthorizedKeys { get; }

    /// <param name="authorizedKeys">authorized_keys lines (ssh-keygen -D output).</param>
    public SshServer(TempDir dir, IEnumerable<string> authorizedKeys)
    {
        var hostKey = dir.File("ssh_host_ed25519_key");
        if (!File.Exists(hostKey))
            ProcessRunner.RunChecked("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
        AuthorizedKeys = dir.File("authorized_keys");
        File.WriteAllLines(AuthorizedKeys, authorizedKeys);
        Port = FreeTcpPort.Next();
        var config = dir.File("sshd_config");
        File.WriteAllLines(config,
        [
            $"Port {Port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {hostKey}",
            $"AuthorizedKeysFile {AuthorizedKeys}",
            $"PidFile {dir.File("sshd.pid")}",
            "StrictModes no", // the throwaway files live under /tmp
            "UsePAM no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "MaxAuthTries 30", // ssh offers the keys of every card in every reader before ours
            "LogLevel VERBOSE",
        ]);
        if (!Directory.Exists(PrivilegeSeparationDirectory))
        {
            Directory.CreateDirectory(PrivilegeSeparationDirectory);
            _createdPrivilegeSeparationDirectory = true;
        }
        _process = BackgroundProcess.Start("/usr/sbin/sshd", ["-D", "-e", "-f", config]);
        _process.WaitForOutput("Server listening");
    }

    /// <summary>sshd's log: "Accepted publickey for root from 127.0.0.1 ... RSA SHA256:..." per login.</summary>
    public string Log => _process.Output;

    /// <summary>Waits for a line of sshd's log: its stderr reaches the test through a pipe, a moment after the client is done.</summary>
    public void WaitForLog(string text) => _process.WaitForOutput(text, TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        _process.Dispose();
        if (_createdPrivilegeSeparationDirectory && !Directory.EnumerateFileSystemEntries(PrivilegeSeparationDirectory).Any())
            Directory.Delete(PrivilegeSeparationDirectory);
    }
}
