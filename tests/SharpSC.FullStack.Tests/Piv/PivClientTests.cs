using SharpSC.FullStack.Tests.Clients;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// Clients tested on IsoApplet, now on the virtual YubiKey yubico-piv-tool personalised, through our module:
/// ssh-keygen -D and ssh -I (9A RSA after the PIN, 9E ECDSA without it), and OpenSSL 3's pkcs11-provider
/// signing and authenticating a TLS 1.3 client with the 9A key and its certificate, the OpenSSL engine's
/// `req -x509` of the seed guide with 9A, GnuTLS's p11tool, and NSS (certutil, tstclnt with 9A).
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PivClientTests(YubicoPivToolCard card) : IClassFixture<YubicoPivToolCard>
{
    [Fact]
    public void Ssh_keygen_D_prints_the_public_keys_of_every_slot()
    {
        var r = ProcessRunner.Run("ssh-keygen", "-D", Module.Path);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var (slot, _, _) in YubicoPivToolCard.Keys)
            Assert.Contains(SshClient.KeyFromPem(card.PublicKeyPem(slot)), r.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9a")]
    [InlineData("9e")]
    public void Ssh_I_logs_in_with_the_slot_key(string slot)
    {
        using var server = new SshServer(card.Dir, [SshClient.CardKeyLine(Module.Path, card.PublicKeyPem(slot))]);
        var client = new SshClient(card.Dir, PivReader.Pin);
        var r = client.Ssh(server, "echo logged in as $(id -un)", "-I", Module.Path);
        Assert.True(r.ExitCode == 0, r + "\n--- sshd ---\n" + server.Log);
        Assert.Contains("logged in as " + Environment.UserName, r.StdOut, StringComparison.Ordinal);
        server.WaitForLog($"Accepted publickey for {Environment.UserName} from 127.0.0.1");
    }

    [Fact]
    public void The_openssl_provider_signs_with_9a_by_uri()
    {
        var data = card.Dir.File("provider-data.txt");
        File.WriteAllText(data, "signed through the OpenSSL 3 provider by the PIV authentication key\n");
        var signature = card.Dir.File("provider-9a.sig");
        var r = ProcessRunner.Run("openssl", ["dgst", "-sha256", "-sign", PrivateKeyUri("01"), "-out", signature, data], ProviderEnvironment());
        Assert.True(r.ExitCode == 0, r.ToString());
        var verify = ProcessRunner.Run("openssl", "dgst", "-sha256", "-verify", card.PublicKeyPem("9a"), "-signature", signature, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Tls13_client_authentication_with_the_9a_key_through_the_openssl_provider()
    {
        using var server = new TlsServer(card.Dir, card.Dir.File("ca.pem"));
        var r = ProcessRunner.Run("openssl", ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", TlsServer.ServerName,
            "-CAfile", server.CertificatePem, "-verify_return_error", "-cert", card.CertificatePem("9a"), "-key", PrivateKeyUri("01"),
            "-ign_eof", "-tls1_3"], ProviderEnvironment(), stdin: TlsServer.Request);
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Protocol  : TLSv1.3", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Subject: CN=piv-9a", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_openssl_engine_makes_a_self_signed_certificate_with_the_9a_key()
    {
        var certificate = card.Dir.File("engine-self-signed.pem");
        var r = ProcessRunner.Run("openssl", ["req", "-engine", "pkcs11", "-new", "-key", KeyUri("01"), "-keyform", "engine", "-x509",
            "-subj", "/CN=SharpSC PIV engine test", "-days", "30", "-sha256", "-passin", "pass:" + PivReader.Pin, "-out", certificate],
            new Dictionary<string, string?> { ["OPENSSL_CONF"] = Samples.WriteFor(card.Dir, "openssl/engine.cnf") });
        Assert.True(r.ExitCode == 0, r.ToString());
        var verify = ProcessRunner.Run("openssl", "verify", "-CAfile", certificate, certificate);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(KeyPem.SubjectPublicKeyInfo(card.PublicKeyPem("9a")),
            System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certificate)).PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void P11tool_lists_the_slots_and_signs_with_9a()
    {
        var env = new Dictionary<string, string?> { ["GNUTLS_PIN"] = PivReader.Pin };
        var token = $"pkcs11:token=YubiKey%20PIV%20%23{PivReader.Serial()}";
        var all = ProcessRunner.Run("p11tool", ["--provider", Module.Path, "--list-all", token], env);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("Type: X.509 Certificate (RSA-2048)", all.StdOut, StringComparison.Ordinal);
        Assert.Contains("Type: Public key (EC/ECDSA-SECP256R1)", all.StdOut, StringComparison.Ordinal);
        Assert.Contains("Label: Certificate for Card Authentication", all.StdOut, StringComparison.Ordinal);
        var sign = ProcessRunner.Run("p11tool", ["--provider", Module.Path, "--login", "--test-sign", KeyUri("01")], env);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Contains("Verifying against public key in the token... ok", sign.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Nss_certutil_lists_the_certificates_and_tstclnt_authenticates_with_9a()
    {
        var db = card.Dir.File($"nssdb-{Guid.NewGuid():N}");
        var added = ProcessRunner.Run("sh", Samples.PathOf("nss", "modutil.sh"), db, Module.Path);
        Assert.True(added.ExitCode == 0, added.ToString());
        var nickname = $"YubiKey PIV #{PivReader.Serial()}:Certificate for PIV Authentication";
        var list = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", "all");
        Assert.Contains(nickname, list.StdOut, StringComparison.Ordinal);
        Assert.Contains("Certificate for Card Authentication", list.StdOut, StringComparison.Ordinal);

        using var server = new TlsServer(card.Dir, card.Dir.File("ca.pem"));
        var r = server.Tstclnt(card.Dir, db, nickname, PivReader.Pin);
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Subject: CN=piv-9a", r.StdOut, StringComparison.Ordinal);
    }

    /// <summary>An RFC 7512 URI of a private key on the card (the token is named by the YubiKey's serial).</summary>
    private static string KeyUri(string id) => $"pkcs11:token=YubiKey%20PIV%20%23{PivReader.Serial()};id=%{id};type=private";

    private static string PrivateKeyUri(string id) => KeyUri(id) + ";pin-value=" + PivReader.Pin;

    private Dictionary<string, string?> ProviderEnvironment() =>
        new() { ["OPENSSL_CONF"] = Samples.WriteFor(card.Dir, "openssl/provider.cnf") };
}
