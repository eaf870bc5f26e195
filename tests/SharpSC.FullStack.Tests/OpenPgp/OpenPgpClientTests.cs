using Net.Pkcs11Interop.Common;
using SharpSC.FullStack.Tests.Clients;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// Clients with our module on the virtual OpenPGP card. OpenSSH: ssh -I logs in with the authentication key
/// (INTERNAL AUTHENTICATE), RSA and NIST P-256, while the signature key, whose PIN holds for one signature, is
/// offered and refused by the server without a signature being asked for. GnuTLS: p11tool signs with both keys.
/// NSS: modutil lists the token, certutil reads the certificate the module wrote. OpenSSL's pkcs11-provider: the
/// authentication key by URI (for the signature key it asks for the per-signature PIN
/// on the terminal, whatever the URI's pin-value).
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenPgpClientTests : IDisposable
{
    private readonly OpenPgpCard _card = new();

    [Theory]
    [InlineData("rsa2048")]
    [InlineData("nistp256")]
    public void Ssh_I_logs_in_with_the_authentication_key(string algorithm)
    {
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(so, 1, 2048);
            if (algorithm == "rsa2048")
                OpenPgpCard.GenerateRsa(so, 3, 2048);
            else
                OpenPgpCard.GenerateP256(so, 3);
        }

        var keys = ProcessRunner.RunChecked("ssh-keygen", "-D", Module.Path).StdOut.Split('\n', StringSplitOptions.TrimEntries);
        var authentication = keys.Single(l => l.EndsWith(" Authentication key", StringComparison.Ordinal));
        Assert.StartsWith(algorithm == "rsa2048" ? "ssh-rsa " : "ecdsa-sha2-nistp256 ", authentication, StringComparison.Ordinal);
        using var server = new SshServer(_card.Dir, [authentication]);
        var client = new SshClient(_card.Dir, OpenPgpCard.Pw1);

        var r = client.Ssh(server, "echo logged in with an OpenPGP card", "-I", Module.Path);

        Assert.True(r.ExitCode == 0, r + "\n--- sshd ---\n" + server.Log);
        Assert.Contains("logged in with an OpenPGP card", r.StdOut, StringComparison.Ordinal);
        server.WaitForLog($"Accepted publickey for {Environment.UserName} from 127.0.0.1");
    }

    [Fact]
    public void P11tool_test_signs_with_the_signature_key_giving_its_pin_again_and_with_the_authentication_key()
    {
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(so, 1, 2048);
            OpenPgpCard.GenerateP256(so, 3);
        }
        var env = new Dictionary<string, string?> { ["GNUTLS_PIN"] = OpenPgpCard.Pw1 };
        var tokens = ProcessRunner.Run("p11tool", ["--provider", Module.Path, "--list-tokens"], env);
        var token = tokens.StdOut.Split('\n', StringSplitOptions.TrimEntries)
            .Single(l => l.StartsWith("URL: ", StringComparison.Ordinal) && l.Contains("model=OpenPGP%203.4", StringComparison.Ordinal))[5..];
        foreach (var (id, algorithm) in new[] { ("%01", "RSA-SHA256"), ("%03", "ECDSA-SHA256") })
        {
            var sign = ProcessRunner.Run("p11tool", ["--provider", Module.Path, "--login", "--test-sign", $"{token};id={id};type=private"], env);
            Assert.True(sign.ExitCode == 0, sign.ToString());
            Assert.Contains($"Signing using {algorithm}... ok", sign.All, StringComparison.Ordinal);
            Assert.Contains("Verifying against public key in the token... ok", sign.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OpenSsl_provider_signs_with_the_authentication_key_by_uri()
    {
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateP256(so, 3);
        }
        var env = new Dictionary<string, string?> { ["OPENSSL_CONF"] = Samples.WriteFor(_card.Dir, "openssl/provider.cnf") };
        var data = _card.Dir.File("data.txt");
        File.WriteAllText(data, "signed through the OpenSSL 3 provider by an OpenPGP card\n");
        var (signature, publicKey) = (_card.Dir.File("aut.sig"), _card.Dir.File("aut.pem"));
        var sign = ProcessRunner.Run("openssl", ["dgst", "-sha256", "-sign", $"pkcs11:model=OpenPGP%203.4;id=%03;type=private;pin-value={OpenPgpCard.Pw1}",
            "-out", signature, data], env);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var export = ProcessRunner.Run("openssl", ["pkey", "-pubin", "-in", "pkcs11:model=OpenPGP%203.4;id=%03;type=public", "-pubout", "-out", publicKey], env);
        Assert.True(export.ExitCode == 0, export.ToString());
        var verify = ProcessRunner.Run("openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", signature, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Nss_lists_the_token_and_reads_the_certificate_our_module_wrote()
    {
        byte[] der;
        string label;
        using (var library = Module.Load())
        {
            var slot = Module.Slot(library, OpenPgpCard.Reader);
            label = slot.GetTokenInfo().Label;
            using var so = slot.OpenSession(SessionType.ReadWrite);
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateP256(so, 3);
            der = _card.IssueCertificate(so, 3, "/CN=openpgp-nss");
        }
        var db = _card.Dir.File("nssdb");
        var add = ProcessRunner.Run("sh", Samples.PathOf("nss", "modutil.sh"), db, Module.Path);
        Assert.True(add.ExitCode == 0, add.ToString());
        // modutil exits 32 when any slot is empty (the other vpcd readers are).
        var list = ProcessRunner.Run("modutil", "-dbdir", "sql:" + db, "-list", "SharpSC");
        Assert.Contains("Token Name: " + label, list.StdOut, StringComparison.Ordinal);

        var pinFile = _card.Dir.File("pin.txt");
        File.WriteAllText(pinFile, OpenPgpCard.Pw1 + "\n");
        var certificates = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", label, "-f", pinFile);
        Assert.True(certificates.ExitCode == 0, certificates.ToString());
        var nickname = certificates.StdOut.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith(label + ":", StringComparison.Ordinal));
        nickname = nickname[..nickname.LastIndexOf("  ", StringComparison.Ordinal)].TrimEnd();
        var pem = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", label, "-n", nickname, "-a", "-f", pinFile);
        Assert.True(pem.ExitCode == 0, pem.ToString());
        Assert.Equal(der, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem.StdOut).RawData);
    }

    public void Dispose() => _card.Dispose();
}
