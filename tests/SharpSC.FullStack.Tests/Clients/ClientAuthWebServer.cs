using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// An HTTPS server on 127.0.0.1 for a browser: TLS 1.3 with a certificate the test CA issued for "localhost",
/// a client certificate required and checked against the CA. GET / answers a page naming the client
/// certificate's subject whose script posts the page's rendered text back (a synchronous XMLHttpRequest, so the
/// page finishes loading only after the post). The server records every client certificate and the posted text.
/// </summary>
public sealed class ClientAuthWebServer : IDisposable
{
    public const string ServerName = "localhost";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _ca;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly object _gate = new();
    private readonly List<byte[]> _clientCertificates = [];
    private readonly List<string> _errors = [];
    private string? _rendered;

    /// <param name="dir">Where the server's key and certificate are written.</param>
    /// <param name="caPem">The CA certificate (PEM) whose key <paramref name="caKey"/> issues the server's certificate and that client certificates must chain to.</param>
    public ClientAuthWebServer(TempDir dir, string caPem, string caKey)
    {
        var key = dir.File("web-server.key");
        var csr = dir.File("web-server.csr");
        var certificate = dir.File("web-server.pem");
        var extensions = dir.File("web-server.ext");
        File.WriteAllText(extensions, $"subjectAltName=DNS:{ServerName}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        ProcessRunner.RunChecked("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-subj", "/CN=" + ServerName, "-out", csr);
        ProcessRunner.RunChecked("openssl", "x509", "-req", "-in", csr, "-CA", caPem, "-CAkey", caKey, "-CAcreateserial", "-days", "30",
            "-extfile", extensions, "-out", certificate);
        // A PKCS#12 round trip gives SslStream a key it can use on every platform.
        using (var pem = X509Certificate2.CreateFromPemFile(certificate, key))
            _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPem));
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Url => $"https://{ServerName}:{Port}/";

    /// <summary>The client certificates of the connections that completed their handshake (DER).</summary>
    public IReadOnlyList<byte[]> ClientCertificates
    {
        get { lock (_gate) return [.. _clientCertificates]; }
    }

    /// <summary>The text the page posted back: what the browser rendered; null when nothing came.</summary>
    public string? RenderedText
    {
        get { lock (_gate) return _rendered; }
    }

    /// <summary>What went wrong on the server's side (handshakes refused, broken requests), for failure messages.</summary>
    public string Log
    {
        get { lock (_gate) return string.Join('\n', _errors); }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = true,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate != null && IssuedByCa(certificate),
                }, _stop.Token);
                var clientCertificate = tls.RemoteCertificate!.GetRawCertData();
                lock (_gate) _clientCertificates.Add(clientCertificate);
                while (await ReadRequestAsync(tls) is { } request) await AnswerAsync(tls, request, clientCertificate);
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or SocketException)
            {
                lock (_gate) _errors.Add(e.GetType().Name + ": " + e.Message);
            }
        }
    }

    private bool IssuedByCa(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private sealed record Request(string Method, string Path, string Body);

    /// <summary>One HTTP/1.1 request: its head up to the blank line, then Content-Length bytes of body; null at the end of the connection.</summary>
    private static async Task<Request?> ReadRequestAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one) == 0) return null;
            head.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var start = lines[0].Split(' ');
        var length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return new Request(start[0], start.Length > 1 ? start[1] : "", Encoding.UTF8.GetString(body));
    }

    private async Task AnswerAsync(Stream stream, Request request, byte[] clientCertificate)
    {
        string status, type = "text/html; charset=utf-8", body = "";
        if (request.Method == "GET" && request.Path == "/")
        {
            using var client = X509CertificateLoader.LoadCertificate(clientCertificate);
            status = "200 OK";
            body = "<!DOCTYPE html><html><head><title>SharpSC client authentication</title></head><body>" +
                $"<p>Hello {WebUtility.HtmlEncode(client.Subject)}</p>" +
                "<script>var r = new XMLHttpRequest(); r.open('POST', '/rendered', false); r.send(document.body.innerText);</script>" +
                "</body></html>";
        }
        else if (request.Method == "POST" && request.Path == "/rendered")
        {
            lock (_gate) _rendered = request.Body;
            status = "204 No Content";
        }
        else
        {
            status = "404 Not Found";
            type = "text/plain";
        }
        var payload = Encoding.UTF8.GetBytes(body);
        var header = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {payload.Length}\r\nCache-Control: no-store\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
        await stream.WriteAsync(payload);
        await stream.FlushAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _certificate.Dispose();
        _ca.Dispose();
        _stop.Dispose();
    }
}
