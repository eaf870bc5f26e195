using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// A virtual IsoApplet v0 card personalised by OpenSC's own pkcs15-init (the independent referee),
/// as the seed guide does: PIN/PUK, RSA-2048 key 01 with a certificate from a throwaway CA, EC P-256
/// key 03. Shared by the tests of a class (personalising takes a few seconds).
/// </summary>
public class OpenScCard : IDisposable
{
    public OpenScCard() : this(verbose: false)
    {
    }

    /// <param name="verbose">The card logs every APDU (redacted) to <see cref="VirtualCardProcess.Output"/>.</param>
    protected OpenScCard(bool verbose)
    {
        Dir = new TempDir("sharpsc-opensc-card");
        Card = VirtualCardProcess.Start(TokenReader.Port, Dir.File("card.state"), "v0", verbose);
        var r = TokenReader.OpenScIndex;
        Run("pkcs15-init", "-r", r, "-C", "--so-pin", TokenReader.Pin, "--so-puk", TokenReader.Puk, "--label", "Test");
        Run("pkcs15-init", "-r", r, "--generate-key", "rsa/2048", "--id", "01", "--auth-id", "FF", "--key-usage", "sign,decrypt",
            "--pin", TokenReader.Pin, "--label", "rsa2048");
        Run("pkcs15-init", "-r", r, "--generate-key", "ec/prime256v1", "--id", "03", "--auth-id", "FF", "--key-usage", "sign",
            "--pin", TokenReader.Pin, "--label", "ecp256");
        Run("pkcs15-tool", "-r", r, "--read-public-key", "01", "-o", RsaPublicKeyPem);
        Run("pkcs15-tool", "-r", r, "--read-public-key", "03", "-o", EcPublicKeyPem);
        CertificatePem = Dir.File("cert.pem");
        TestCa.Issue(Dir, RsaPublicKeyPem, "/CN=isoapplet-rsa2048", CertificatePem);
        Run("pkcs15-init", "-r", r, "-X", CertificatePem, "--id", "01", "--auth-id", "FF", "--pin", TokenReader.Pin, "--format", "pem");
    }

    public TempDir Dir { get; }

    public VirtualCardProcess Card { get; }

    public string RsaPublicKeyPem => Dir.File("rsa-pub.pem");

    public string EcPublicKeyPem => Dir.File("ec-pub.pem");

    public string CertificatePem { get; }

    private static void Run(string tool, params string[] args) => ProcessRunner.RunChecked(tool, args);

    public void Dispose()
    {
        Card.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
