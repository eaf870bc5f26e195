using Net.Pkcs11Interop.Common;
using SharpSC.FullStack.Tests.Cli;
using SharpSC.FullStack.Tests.Clients;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// Clients with our module on the virtual OpenPGP card. OpenSSH: ssh -I logs in with the authentication key
/// (INTERNAL AUTHENTICATE), RSA and NIST P-256, while the signature key, whose PIN holds for one signature, is
/// offered and refused by the server without a signature being asked for. GnuTLS: p11tool signs with both keys.
/// NSS: modutil lists the token, certutil reads the certificate the module wrote. OpenSSL's pkcs11-provider: the
/// authentication key by URI, the signature key with the PIN from a file (the provider's pkcs11-module-token-pin,
/// also given to C_Login(CKU_CONTEXT_SPECIFIC)). libp11's engine: the signature key, its PIN typed again when forced. An Ed25519 authentication key: pkcs11-tool signs, ssh does not list it.
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

    /// <summary>
    /// The signature key through pkcs11-provider with the PIN from a file (pkcs11-module-token-pin): with the PIN forced
    /// for each signature (CKA_ALWAYS_AUTHENTICATE, the provider gives C_Login(CKU_CONTEXT_SPECIFIC) the same PIN) and
    /// with PW1 good for several signatures (switched by GnuPG's forcesig).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpenSsl_provider_signs_with_the_signature_key_its_pin_from_a_file(bool pinPerSignature)
    {
        GenerateSignatureKey(pinPerSignature);
        using (var library = Module.Load())
        using (var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadOnly))
        {
            session.Login(CKU.CKU_USER, OpenPgpCard.Pw1);
            var key = OpenPgpCard.FindKey(session, CKO.CKO_PRIVATE_KEY, 1);
            Assert.Equal(pinPerSignature, session.GetAttributeValue(key, [CKA.CKA_ALWAYS_AUTHENTICATE])[0].GetValueAsBool());
        }
        var pinFile = _card.Dir.File("pin.txt");
        File.WriteAllText(pinFile, OpenPgpCard.Pw1);
        var config = Samples.WriteFor(_card.Dir, "openssl/provider.cnf");
        File.WriteAllText(config, File.ReadAllText(config).Replace("# pkcs11-module-token-pin = file:/path/to/pin.txt",
            "pkcs11-module-token-pin = file:" + pinFile, StringComparison.Ordinal));
        var env = new Dictionary<string, string?> { ["OPENSSL_CONF"] = config };
        var data = _card.Dir.File("data.txt");
        File.WriteAllText(data, "signed with the signature key of an OpenPGP card through the OpenSSL 3 provider\n");
        var (signature, publicKey) = (_card.Dir.File("sig.sig"), _card.Dir.File("sig.pem"));
        for (var i = 0; i < 2; i++)
        {
            var sign = ProcessRunner.Run("openssl", ["dgst", "-sha256", "-sign", "pkcs11:model=OpenPGP%203.4;id=%01;type=private", "-out", signature, data], env);
            Assert.True(sign.ExitCode == 0, sign.ToString());
        }
        var export = ProcessRunner.Run("openssl", ["pkey", "-pubin", "-in", "pkcs11:model=OpenPGP%203.4;id=%01;type=public", "-pubout", "-out", publicKey], env);
        Assert.True(export.ExitCode == 0, export.ToString());
        var verify = ProcessRunner.Run("openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", signature, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>
    /// The signature key through libp11's engine (samples/openssl/engine.cnf), the user PIN in the URI: with the PIN
    /// forced for each signature (CKA_ALWAYS_AUTHENTICATE) libp11 asks for it again on the terminal ("PKCS#11 key PIN")
    /// for its C_Login(CKU_CONTEXT_SPECIFIC), whatever the URI says; with PW1 good for several signatures (GnuPG's
    /// forcesig) it asks nothing and runs without a terminal.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpenSsl_engine_signs_with_the_signature_key(bool pinPerSignature)
    {
        GenerateSignatureKey(pinPerSignature);
        var publicKey = _card.Dir.File("sig-key.pem");
        using (var library = Module.Load())
        using (var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadOnly))
        using (var rsa = OpenPgpCard.RsaPublic(session, 1))
            File.WriteAllText(publicKey, rsa.ExportSubjectPublicKeyInfoPem());
        var config = Samples.WriteFor(_card.Dir, "openssl/engine.cnf");
        var data = _card.Dir.File("data.txt");
        File.WriteAllText(data, "signed with the signature key of an OpenPGP card through the OpenSSL engine\n");
        var signature = _card.Dir.File("engine.sig");
        const string key = "pkcs11:model=OpenPGP%203.4;id=%01;type=private";
        string[] sign = ["dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-sign", $"{key};pin-value={OpenPgpCard.Pw1}",
            "-out", signature, data];
        var signed = pinPerSignature
            ? Terminal.TypeAtPrompt($"OPENSSL_CONF='{config}' openssl {string.Join(' ', sign.Select(a => $"'{a}'"))}",
                "PKCS#11 key PIN", OpenPgpCard.Pw1)
            : ProcessRunner.Run("openssl", sign, new Dictionary<string, string?> { ["OPENSSL_CONF"] = config });
        Assert.True(signed.ExitCode == 0, signed.ToString());
        var verify = ProcessRunner.Run("openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", signature, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>
    /// Debian 12's OpenSSH 9.2 lists only RSA and ECDSA keys from PKCS#11 ("skipping unsupported key type" for the
    /// Ed25519 authentication key); pkcs11-tool signs with it (CKM_EDDSA) and OpenSSL verifies the signature.
    /// </summary>
    [Fact]
    public void An_ed25519_authentication_key_signs_through_pkcs11_tool_but_ssh_keygen_does_not_list_it()
    {
        var keygen = Sharpsc.Raw(["openpgp", "keygen", "--key", "aut", "ed25519", "--admin-pin", OpenPgpCard.Pw3, "--reader", OpenPgpCard.Reader]);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        var ssh = ProcessRunner.Run("ssh-keygen", "-D", Module.Path);
        Assert.DoesNotContain("ssh-ed25519", ssh.StdOut, StringComparison.Ordinal);
        Assert.Contains("unsupported key type", ssh.All, StringComparison.Ordinal);

        byte[] point;
        using (var library = Module.Load())
        using (var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadOnly))
            point = session.GetAttributeValue(OpenPgpCard.FindKey(session, CKO.CKO_PUBLIC_KEY, 3), [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        Assert.Equal([0x04, 0x20], point[..2]); // DER OCTET STRING of the 32-byte key
        var publicKey = _card.Dir.File("aut-ed25519.pem");
        File.WriteAllText(publicKey, System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY",
            [.. Convert.FromHexString("302A300506032B6570032100"), .. point[2..]]));
        byte[] message = [.. "an Ed25519 signature from an OpenPGP card"u8];
        var signature = OpenPgpModuleTests.SignWithPkcs11Tool(_card.Dir, 3, "EDDSA", message);
        var signatureFile = _card.Dir.File("ed25519.sig");
        File.WriteAllBytes(signatureFile, signature);
        var verify = ProcessRunner.Run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-rawin", "-in", _card.Dir.File("to-sign.bin"), "-sigfile", signatureFile);
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

    /// <summary>An RSA-2048 signature key generated as the SO; with <paramref name="pinPerSignature"/> false, PW1 is made
    /// good for several signatures (GnuPG's forcesig).</summary>
    private static void GenerateSignatureKey(bool pinPerSignature)
    {
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(so, 1, 2048);
        }
        if (pinPerSignature) return;
        using var gpg = new GnuPg(OpenPgpCard.Reader);
        Assert.True(gpg.CardEdit(["admin", "forcesig"], pins: [OpenPgpCard.Pw3]).Succeeded);
    }

    public void Dispose() => _card.Dispose();
}
