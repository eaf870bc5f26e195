using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// An <c>openssl s_server</c> on 127.0.0.1 that demands a client certificate from the card's CA
/// (-Verify 1) and, with -www, answers a GET with a page describing the session, including the
/// client certificate it verified. Serves one connection.
/// </summary>
public sealed class TlsServer : IDisposable
{
    public const string ServerName = "localhost";

    private readonly BackgroundProcess _process;

    public int Port { get; }

    /// <summary>The server's self-signed certificate, the trust anchor a client needs.</summary>
    public string CertificatePem { get; }

    public TlsServer(TempDir dir, string clientCaPem)
    {
        CertificatePem = dir.File("server.pem");
        var key = dir.File("server.key");
        if (!File.Exists(CertificatePem))
            ProcessRunner.RunChecked("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-subj", "/CN=" + ServerName,
                "-addext", "subjectAltName=DNS:" + ServerName, "-days", "30", "-out", CertificatePem);
        Port = FreeTcpPort.Next();
        _process = BackgroundProcess.Start("openssl", ["s_server", "-accept", $"127.0.0.1:{Port}", "-cert", CertificatePem, "-key", key,
            "-CAfile", clientCaPem, "-Verify", "1", "-verify_return_error", "-naccept", "1", "-www"]);
        _process.WaitForPort(Port);
    }

    /// <summary>What the server printed (verification of the client's chain, errors).</summary>
    public string Log => _process.Output;

    /// <summary>The request a client sends to get the -www status page.</summary>
    public const string Request = "GET / HTTP/1.0\r\n\r\n";

    /// <summary>
    /// NSS's tstclnt sends <see cref="Request"/> with the client certificate <paramref name="nickname"/> of the NSS
    /// database <paramref name="db"/> (the server's certificate trusted there first), with the PIN when one is given.
    /// </summary>
    public ProcessResult Tstclnt(TempDir dir, string db, string nickname, string? pin = null, IDictionary<string, string?>? env = null)
    {
        var trust = ProcessRunner.Run("certutil", "-A", "-d", "sql:" + db, "-n", "test server", "-t", "P,,", "-i", CertificatePem);
        if (trust.ExitCode != 0) return trust;
        var request = dir.File($"nss-request-{Guid.NewGuid():N}.txt");
        File.WriteAllText(request, Request);
        return ProcessRunner.Run("tstclnt", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-a", ServerName, "-d", "sql:" + db, "-n", nickname, .. pin is null ? Array.Empty<string>() : ["-w", pin], "-A", request],
            env, timeout: TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _process.Dispose();
}
