using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The card a client test talks to: an RSA-2048 key with a certificate from a throwaway CA and an EC
/// P-256 key, in the token reader. The personalised card (state file and public parts) is made once per
/// test run and copied for every fixture, so each test class gets a fresh card without paying for
/// personalisation again.
/// </summary>
public abstract class ClientCard : IDisposable
{
    /// <summary>Unlike any other test card's, so a client that sees every reader picks ours.</summary>
    public const string TokenLabel = "SharpSC-Client";
    public const string RsaId = "01";
    public const string EcId = "03";
    public const string Pin = TokenReader.Pin;

    protected ClientCard(CardImage image)
    {
        Dir = new TempDir("sharpsc-client");
        image.CopyTo(Dir.Path);
        Card = VirtualCardProcess.Start(TokenReader.Port, Dir.File(CardImage.StateFile), image.Applet);
    }

    public TempDir Dir { get; }

    public VirtualCardProcess Card { get; }

    public string RsaPublicKeyPem => Dir.File(CardImage.RsaPublicKeyFile);

    public string EcPublicKeyPem => Dir.File(CardImage.EcPublicKeyFile);

    /// <summary>The certificate of the RSA key (subject CN=card-rsa2048), issued by <see cref="CaCertificatePem"/>.</summary>
    public string CertificatePem => Dir.File(CardImage.CertificateFile);

    public string CaCertificatePem => Dir.File(CardImage.CaCertificateFile);

    /// <summary>An RFC 7512 URI of an object on the card.</summary>
    public static string Uri(string id, string type) => $"pkcs11:token={TokenLabel};id=%{id};type={type}";

    public void Dispose()
    {
        Card.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>An IsoApplet v0 card personalised by OpenSC's pkcs15-init, as the seed guide does it.</summary>
public sealed class OpenScV0Card() : ClientCard(Image.Value)
{
    // PublicationOnly: a failure (reader busy too long) is not remembered for the next test class.
    private static readonly Lazy<CardImage> Image = new(() => CardImage.Make("v0", PersonaliseWithOpenSc), LazyThreadSafetyMode.PublicationOnly);

    private static void PersonaliseWithOpenSc(CardImage image)
    {
        var r = TokenReader.OpenScIndex;
        Run("pkcs15-init", "-r", r, "-C", "--so-pin", Pin, "--so-puk", TokenReader.Puk, "--label", TokenLabel);
        Run("pkcs15-init", "-r", r, "--generate-key", "rsa/2048", "--id", RsaId, "--auth-id", "FF", "--key-usage", "sign,decrypt",
            "--pin", Pin, "--label", "rsa2048");
        Run("pkcs15-init", "-r", r, "--generate-key", "ec/prime256v1", "--id", EcId, "--auth-id", "FF", "--key-usage", "sign",
            "--pin", Pin, "--label", "ecp256");
        Run("pkcs15-tool", "-r", r, "--read-public-key", RsaId, "-o", image.File(CardImage.RsaPublicKeyFile));
        Run("pkcs15-tool", "-r", r, "--read-public-key", EcId, "-o", image.File(CardImage.EcPublicKeyFile));
        image.IssueCertificate();
        Run("pkcs15-init", "-r", r, "-X", image.File(CardImage.CertificateFile), "--id", RsaId, "--auth-id", "FF", "--pin", Pin,
            "--format", "pem");
    }

    private static void Run(string tool, params string[] args) => ProcessRunner.RunChecked(tool, args);
}
