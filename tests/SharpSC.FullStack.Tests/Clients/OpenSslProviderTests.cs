using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// OpenSSL 3's pkcs11-provider (Debian bookworm-backports) configured by samples/openssl/provider.cnf:
/// keys addressed by RFC 7512 URIs for signatures and for TLS client authentication against
/// openssl s_server.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenSslProviderTests(OpenScV0Card card) : IClassFixture<OpenScV0Card>
{
    private static readonly string PrivateKey = ClientCard.Uri(ClientCard.RsaId, "private") + ";pin-value=" + ClientCard.Pin;

    private Dictionary<string, string?> Environment() =>
        new() { ["OPENSSL_CONF"] = Samples.WriteFor(card.Dir, "openssl/provider.cnf") };

    private ProcessResult OpenSsl(params string[] args) => ProcessRunner.Run("openssl", args, Environment());

    [Fact]
    public void The_provider_reads_the_card_public_key()
    {
        var pub = card.Dir.File("provider-pub.pem");
        var r = OpenSsl("pkey", "-pubin", "-in", ClientCard.Uri(ClientCard.RsaId, "public"), "-pubout", "-out", pub);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(KeyPem.SubjectPublicKeyInfo(card.RsaPublicKeyPem), KeyPem.SubjectPublicKeyInfo(pub));
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha512")]
    public void Dgst_signs_with_a_pkcs11_uri_and_openssl_verifies(string digest)
    {
        var data = card.Dir.File("data.txt");
        File.WriteAllText(data, "signed through the OpenSSL 3 provider\n");
        var sig = card.Dir.File($"provider-{digest}.sig");
        var r = OpenSsl("dgst", "-" + digest, "-sign", PrivateKey, "-out", sig, data);
        Assert.True(r.ExitCode == 0, r.ToString());

        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", card.RsaPublicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    // IsoApplet v0 signs RSA with PKCS#1 v1.5 padding only; TLS 1.3 demands RSA-PSS for the client's
    // CertificateVerify, so a v0 card authenticates over TLS 1.2 with an rsa_pkcs1 signature scheme.
    [Fact]
    public void Tls12_client_authentication_with_the_card_key()
    {
        using var server = new TlsServer(card.Dir, card.CaCertificatePem);
        var r = ProcessRunner.Run("openssl", ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", TlsServer.ServerName,
            "-CAfile", server.CertificatePem, "-verify_return_error", "-tls1_2", "-sigalgs", "RSA+SHA256",
            "-cert", card.CertificatePem, "-key", PrivateKey, "-ign_eof"], Environment(), stdin: TlsServer.Request);
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Protocol  : TLSv1.2", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Client certificate", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Subject: CN=card-rsa2048", r.StdOut, StringComparison.Ordinal);
    }

    // Fails today: the module lists CKM_RSA_PKCS_PSS / CKM_SHAx_RSA_PKCS_PSS (CKF_VERIFY only) on a v0
    // card; pkcs11-provider takes the listing as able to sign, picks rsa_pss_rsae_sha256 and C_SignInit
    // answers CKR_MECHANISM_INVALID. OpenSC's module on the same card lists no PSS and TLS 1.2 works.
    [Fact]
    public void Tls12_client_authentication_with_default_signature_algorithms()
    {
        using var server = new TlsServer(card.Dir, card.CaCertificatePem);
        var r = ProcessRunner.Run("openssl", ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", TlsServer.ServerName,
            "-CAfile", server.CertificatePem, "-verify_return_error", "-tls1_2",
            "-cert", card.CertificatePem, "-key", PrivateKey, "-ign_eof"], Environment(), stdin: TlsServer.Request);
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Subject: CN=card-rsa2048", r.StdOut, StringComparison.Ordinal);
    }
}
