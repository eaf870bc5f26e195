using System.Security.Cryptography.X509Certificates;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The seed guide's OpenSSL flow through libp11's engine (Debian libengine-pkcs11-openssl) configured
/// by samples/openssl/engine.cnf: a self-signed certificate made by `openssl req` with the card's key,
/// and `openssl dgst -sign` with it.
/// </summary>
public abstract class OpenSslEngineTests<TCard>(TCard card) where TCard : ClientCard
{
    protected TCard Card { get; } = card;

    protected ProcessResult OpenSsl(params string[] args)
    {
        var config = Samples.WriteFor(Card.Dir, "openssl/engine.cnf");
        return ProcessRunner.Run("openssl", args, new Dictionary<string, string?> { ["OPENSSL_CONF"] = config });
    }

    /// <summary>`openssl req -x509` signed by the card key <paramref name="id"/>: the certificate verifies and holds that key.</summary>
    protected void SelfSignedCertificate(string id, string publicKeyPem)
    {
        var cert = Card.Dir.File($"self-signed-{id}.pem");
        var r = OpenSsl("req", "-engine", "pkcs11", "-new", "-key", ClientCard.Uri(id, "private"), "-keyform", "engine", "-x509",
            "-subj", "/CN=SharpSC engine test", "-days", "30", "-sha256", "-passin", "pass:" + ClientCard.Pin, "-out", cert);
        Assert.True(r.ExitCode == 0, r.ToString());

        var verify = ProcessRunner.Run("openssl", "verify", "-CAfile", cert, cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(KeyPem.SubjectPublicKeyInfo(publicKeyPem),
            X509Certificate2.CreateFromPem(File.ReadAllText(cert)).PublicKey.ExportSubjectPublicKeyInfo());
    }

    protected void SignAndVerify(string id, string publicKeyPem, string digest)
    {
        var data = Card.Dir.File("data.txt");
        File.WriteAllText(data, "signed through the OpenSSL engine\n");
        var sig = Card.Dir.File($"data-{id}-{digest}.sig");
        var r = OpenSsl("dgst", "-engine", "pkcs11", "-keyform", "engine", "-sign", ClientCard.Uri(id, "private"),
            "-passin", "pass:" + ClientCard.Pin, "-" + digest, "-out", sig, data);
        Assert.True(r.ExitCode == 0, r.ToString());

        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", publicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Req_makes_a_self_signed_certificate_with_the_card_rsa_key_that_verifies() =>
        SelfSignedCertificate(ClientCard.RsaId, Card.RsaPublicKeyPem);

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Dgst_signs_with_the_card_rsa_key_and_openssl_verifies(string digest) =>
        SignAndVerify(ClientCard.RsaId, Card.RsaPublicKeyPem, digest);

    /// <summary>The seed's whole flow: a new key on the card, its self-signed certificate by the engine, stored with sharpsc.</summary>
    protected void SeedFlow()
    {
        const string id = "05";
        ProcessRunner.RunChecked(RepoPaths.Bin("sharpsc"), "keygen", "rsa/2048", "--id", id, "--label", "seed key", "--pin", ClientCard.Pin,
            "--reader", Card.ReaderName);
        var cert = Card.Dir.File("seed.pem");
        var r = OpenSsl("req", "-engine", "pkcs11", "-new", "-key", ClientCard.Uri(id, "private"), "-keyform", "engine", "-x509",
            "-subj", "/CN=seed flow", "-days", "30", "-sha256", "-passin", "pass:" + ClientCard.Pin, "-out", cert);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(ProcessRunner.Run("openssl", "verify", "-CAfile", cert, cert).ExitCode == 0);

        ProcessRunner.RunChecked(RepoPaths.Bin("sharpsc"), "import-cert", cert, "--id", id, "--pin", ClientCard.Pin, "--reader", Card.ReaderName);

        var der = Card.Dir.File("seed-read.der");
        var read = ProcessRunner.Run("pkcs11-tool", "--module", Module.Path, "--token-label", ClientCard.TokenLabel, "--read-object",
            "--type", "cert", "--id", id, "-o", der);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(X509Certificate2.CreateFromPem(File.ReadAllText(cert)).RawData, File.ReadAllBytes(der));
    }

    [Fact]
    public void A_wrong_pin_is_refused_and_nothing_is_signed()
    {
        var data = Card.Dir.File("data.txt");
        File.WriteAllText(data, "not signed\n");
        var sig = Card.Dir.File("wrong-pin.sig");
        var r = OpenSsl("dgst", "-engine", "pkcs11", "-keyform", "engine", "-sign", ClientCard.Uri(ClientCard.RsaId, "private"),
            "-passin", "pass:654321", "-sha256", "-out", sig, data);
        Assert.NotEqual(0, r.ExitCode);
        Assert.True(!File.Exists(sig) || new FileInfo(sig).Length == 0, r.ToString());

        // The right PIN still works: one failure leaves retries.
        var ok = OpenSsl("dgst", "-engine", "pkcs11", "-keyform", "engine", "-sign", ClientCard.Uri(ClientCard.RsaId, "private"),
            "-passin", "pass:" + ClientCard.Pin, "-sha256", "-out", sig, data);
        Assert.True(ok.ExitCode == 0, ok.ToString());
    }
}

[Collection(PcscCollection.Name)]
public sealed class OpenSslEngineOnV0Card(OpenScV0Card card) : OpenSslEngineTests<OpenScV0Card>(card), IClassFixture<OpenScV0Card>;

/// <summary>A v1 card signs host-hashed ECDSA, which the engine uses for EC keys.</summary>
[Collection(PcscCollection.Name)]
public sealed class OpenSslEngineOnV1Card(SharpscV1Card card) : OpenSslEngineTests<SharpscV1Card>(card), IClassFixture<SharpscV1Card>
{
    [Fact]
    public void Req_makes_a_self_signed_certificate_with_the_card_ec_key_that_verifies() =>
        SelfSignedCertificate(ClientCard.EcId, Card.EcPublicKeyPem);

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    public void Dgst_signs_with_the_card_ec_key_and_openssl_verifies(string digest) =>
        SignAndVerify(ClientCard.EcId, Card.EcPublicKeyPem, digest);

    /// <summary>The seed's whole flow: a new key on the card, its self-signed certificate by the engine, stored with sharpsc.</summary>
    [Fact]
    public void Keygen_then_req_then_import_cert_and_the_module_serves_the_certificate() => SeedFlow();
}

/// <summary>MyEID signs raw RSA (the module pads PKCS#1 v1.5 and PSS) and host-hashed ECDSA; the seed's flow on it.</summary>
[Collection(PcscCollection.Name)]
public sealed class OpenSslEngineOnMyEidCard(SharpscMyEidCard card) : OpenSslEngineTests<SharpscMyEidCard>(card), IClassFixture<SharpscMyEidCard>
{
    [Fact]
    public void Req_makes_a_self_signed_certificate_with_the_card_ec_key_that_verifies() =>
        SelfSignedCertificate(ClientCard.EcId, Card.EcPublicKeyPem);

    [Fact]
    public void Keygen_then_req_then_import_cert_and_the_module_serves_the_certificate() => SeedFlow();
}
