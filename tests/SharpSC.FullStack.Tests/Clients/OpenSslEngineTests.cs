using System.Security.Cryptography.X509Certificates;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The seed guide's OpenSSL flow through libp11's engine (Debian libengine-pkcs11-openssl) configured
/// by samples/openssl/engine.cnf: a self-signed certificate made by `openssl req` with the card's key,
/// and `openssl dgst -sign` with it.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenSslEngineTests(OpenScV0Card card) : IClassFixture<OpenScV0Card>
{
    private ProcessResult OpenSsl(params string[] args)
    {
        var config = Samples.WriteFor(card.Dir, "openssl/engine.cnf");
        return ProcessRunner.Run("openssl", args, new Dictionary<string, string?> { ["OPENSSL_CONF"] = config });
    }

    [Fact]
    public void Req_makes_a_self_signed_certificate_with_the_card_key_that_verifies()
    {
        var cert = card.Dir.File("self-signed.pem");
        var r = OpenSsl("req", "-engine", "pkcs11", "-new", "-key", ClientCard.Uri(ClientCard.RsaId, "private"), "-keyform", "engine", "-x509", "-subj", "/CN=SharpSC engine test",
            "-days", "30", "-sha256", "-passin", "pass:" + ClientCard.Pin, "-out", cert);
        Assert.True(r.ExitCode == 0, r.ToString());

        var verify = ProcessRunner.Run("openssl", "verify", "-CAfile", cert, cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(KeyPem.SubjectPublicKeyInfo(card.RsaPublicKeyPem),
            X509Certificate2.CreateFromPem(File.ReadAllText(cert)).PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Dgst_signs_with_the_card_key_and_openssl_verifies(string digest)
    {
        var data = card.Dir.File("data.txt");
        File.WriteAllText(data, "signed through the OpenSSL engine\n");
        var sig = card.Dir.File($"data-{digest}.sig");
        var r = OpenSsl("dgst", "-engine", "pkcs11", "-keyform", "engine", "-sign", ClientCard.Uri(ClientCard.RsaId, "private"),
            "-passin", "pass:" + ClientCard.Pin, "-" + digest, "-out", sig, data);
        Assert.True(r.ExitCode == 0, r.ToString());

        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", card.RsaPublicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void A_wrong_pin_is_refused_and_nothing_is_signed()
    {
        var data = card.Dir.File("data.txt");
        File.WriteAllText(data, "not signed\n");
        var sig = card.Dir.File("wrong-pin.sig");
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
