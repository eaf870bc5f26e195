using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// OpenSSL 3's pkcs11-provider (Debian bookworm-backports) configured by samples/openssl/provider.cnf:
/// keys addressed by RFC 7512 URIs for signatures and for TLS client authentication against
/// openssl s_server.
/// </summary>
public abstract class OpenSslProviderTests<TCard>(TCard card) where TCard : ClientCard
{
    protected TCard Card { get; } = card;

    protected static string PrivateKey(string id) => ClientCard.Uri(id, "private") + ";pin-value=" + ClientCard.Pin;

    private Dictionary<string, string?> Environment() =>
        new() { ["OPENSSL_CONF"] = Samples.WriteFor(Card.Dir, "openssl/provider.cnf") };

    private ProcessResult OpenSsl(params string[] args) => ProcessRunner.Run("openssl", args, Environment());

    protected void SignAndVerify(string id, string publicKeyPem, string digest)
    {
        var data = Card.Dir.File("data.txt");
        File.WriteAllText(data, "signed through the OpenSSL 3 provider\n");
        var sig = Card.Dir.File($"provider-{id}-{digest}.sig");
        var r = OpenSsl("dgst", "-" + digest, "-sign", PrivateKey(id), "-out", sig, data);
        Assert.True(r.ExitCode == 0, r.ToString());

        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", publicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>openssl s_client with the certificate <paramref name="certificatePem"/> and the card key <paramref name="id"/>
    /// against a server that demands a client certificate; asserts the server saw <paramref name="subject"/>.</summary>
    protected void ClientAuthentication(string certificatePem, string id, string subject, string protocol, params string[] options)
    {
        using var server = new TlsServer(Card.Dir, Card.CaCertificatePem);
        var r = ProcessRunner.Run("openssl", ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", TlsServer.ServerName,
            "-CAfile", server.CertificatePem, "-verify_return_error", "-cert", certificatePem, "-key", PrivateKey(id), "-ign_eof", .. options],
            Environment(), stdin: TlsServer.Request);
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Protocol  : " + protocol, r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Client certificate", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Subject: " + subject, r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provider_reads_the_card_public_key()
    {
        var pub = Card.Dir.File("provider-pub.pem");
        var r = OpenSsl("pkey", "-pubin", "-in", ClientCard.Uri(ClientCard.RsaId, "public"), "-pubout", "-out", pub);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(KeyPem.SubjectPublicKeyInfo(Card.RsaPublicKeyPem), KeyPem.SubjectPublicKeyInfo(pub));
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha512")]
    public void Dgst_signs_with_the_rsa_key_by_uri_and_openssl_verifies(string digest) =>
        SignAndVerify(ClientCard.RsaId, Card.RsaPublicKeyPem, digest);
}

/// <summary>
/// IsoApplet v0 signs RSA with PKCS#1 v1.5 padding only; TLS 1.3 demands RSA-PSS for the client's
/// CertificateVerify, so a v0 card authenticates over TLS 1.2 with an rsa_pkcs1 signature scheme.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenSslProviderOnV0Card(OpenScV0Card card) : OpenSslProviderTests<OpenScV0Card>(card), IClassFixture<OpenScV0Card>
{
    [Fact]
    public void Tls12_client_authentication_with_rsa_pkcs1() =>
        ClientAuthentication(Card.CertificatePem, ClientCard.RsaId, "CN=card-rsa2048", "TLSv1.2", "-tls1_2", "-sigalgs", "RSA+SHA256");

    // Without -sigalgs OpenSSL picks rsa_pss_rsae_sha256 whenever the server offers it, before it asks the
    // provider, and pkcs11-provider then fails ("CKM_RSA_PKCS_PSS unavailable": a v0 card has no PSS);
    // README "Known problems" tells users to restrict the signature algorithms as above.
}

[Collection(PcscCollection.Name)]
public sealed class OpenSslProviderOnV1Card(SharpscV1Card card) : OpenSslProviderTests<SharpscV1Card>(card), IClassFixture<SharpscV1Card>
{
    [Fact]
    public void Tls13_client_authentication_with_the_rsa_key() =>
        ClientAuthentication(Card.CertificatePem, ClientCard.RsaId, "CN=card-rsa2048", "TLSv1.3");

    [Fact]
    public void Tls13_client_authentication_with_the_ec_key() =>
        ClientAuthentication(Card.EcCertificatePem, ClientCard.EcId, "CN=card-ecp256", "TLSv1.3");

    [Fact]
    public void Dgst_signs_with_the_ec_key_by_uri_and_openssl_verifies() =>
        SignAndVerify(ClientCard.EcId, Card.EcPublicKeyPem, "sha256");
}
