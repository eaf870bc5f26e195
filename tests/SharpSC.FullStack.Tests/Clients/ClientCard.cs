using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The card a client test talks to, in the token reader: an RSA-2048 key (ID 01) with a certificate
/// (CN=card-rsa2048, label "Certificate") from a throwaway CA and an EC P-256 key (ID 03). The
/// personalised card is made once per test run and copied for every fixture, so each test class gets a
/// fresh card without paying for personalisation again.
/// </summary>
public abstract class ClientCard : IDisposable
{
    /// <summary>Unlike any other test card's, so a client that sees every reader picks ours.</summary>
    public const string TokenLabel = "SharpSC-Client";
    public const string RsaId = "01";
    public const string EcId = "03";
    public const string Pin = TokenReader.Pin;
    public const string CertificateLabel = "Certificate";

    protected ClientCard(CardImage image)
    {
        Applet = image.Applet;
        Dir = new TempDir("sharpsc-client");
        image.CopyTo(Dir.Path);
        Card = VirtualCardProcess.Start(TokenReader.Port, Dir.File(CardImage.StateFile), image.Applet);
    }

    /// <summary>"v0", "v1" or "myeid": what the card can sign (v0: RSA PKCS#1 v1.5 and on-card-hashed ECDSA-SHA1 only).</summary>
    public string Applet { get; }

    public TempDir Dir { get; }

    public VirtualCardProcess Card { get; }

    public string ReaderName => Card.ReaderName;

    public string RsaPublicKeyPem => Dir.File(CardImage.RsaPublicKeyFile);

    public string EcPublicKeyPem => Dir.File(CardImage.EcPublicKeyFile);

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
    private static readonly Lazy<CardImage> Image = new(() => CardImage.Make("v0", Personalise), LazyThreadSafetyMode.PublicationOnly);

    private static void Personalise(CardImage image)
    {
        var r = TokenReader.OpenScIndex;
        Run("pkcs15-init", "-r", r, "-C", "--so-pin", Pin, "--so-puk", TokenReader.Puk, "--label", TokenLabel);
        Run("pkcs15-init", "-r", r, "--generate-key", "rsa/2048", "--id", RsaId, "--auth-id", "FF", "--key-usage", "sign,decrypt",
            "--pin", Pin, "--label", "rsa2048");
        Run("pkcs15-init", "-r", r, "--generate-key", "ec/prime256v1", "--id", EcId, "--auth-id", "FF", "--key-usage", "sign",
            "--pin", Pin, "--label", "ecp256");
        Run("pkcs15-tool", "-r", r, "--read-public-key", RsaId, "-o", image.File(CardImage.RsaPublicKeyFile));
        Run("pkcs15-tool", "-r", r, "--read-public-key", EcId, "-o", image.File(CardImage.EcPublicKeyFile));
        image.IssueCertificate(CardImage.RsaPublicKeyFile, "/CN=card-rsa2048", CardImage.CertificateFile);
        Run("pkcs15-init", "-r", r, "-X", image.File(CardImage.CertificateFile), "--id", RsaId, "--auth-id", "FF", "--pin", Pin,
            "--format", "pem");
    }

    private static void Run(string tool, params string[] args) => ProcessRunner.RunChecked(tool, args);
}

/// <summary>
/// An IsoApplet v1 card personalised by our `sharpsc` CLI; it also signs RSA-PSS and host-hashed ECDSA,
/// so its EC key has a certificate too (CN=card-ecp256, label "EC certificate").
/// </summary>
public sealed class SharpscV1Card() : ClientCard(Image.Value)
{
    public const string EcCertificateLabel = "EC certificate";

    private static readonly Lazy<CardImage> Image = new(() => CardImage.Make("v1", Personalise), LazyThreadSafetyMode.PublicationOnly);

    public string EcCertificatePem => Dir.File(CardImage.EcCertificateFile);

    private static void Personalise(CardImage image) => Personalise(image, "--puk", TokenReader.Puk);

    /// <summary>sharpsc init (with <paramref name="initOptions"/>), both keys, their certificates.</summary>
    internal static void Personalise(CardImage image, params string[] initOptions)
    {
        Sharpsc(["init", "--pin", Pin, .. initOptions, "--label", TokenLabel]);
        Sharpsc("keygen", "rsa/2048", "--id", RsaId, "--pin", Pin, "--label", "rsa2048");
        Sharpsc("keygen", "ec/prime256v1", "--id", EcId, "--pin", Pin, "--label", "ecp256");
        File.WriteAllText(image.File(CardImage.RsaPublicKeyFile), Sharpsc("export", "--id", RsaId));
        File.WriteAllText(image.File(CardImage.EcPublicKeyFile), Sharpsc("export", "--id", EcId));
        image.IssueCertificate(CardImage.RsaPublicKeyFile, "/CN=card-rsa2048", CardImage.CertificateFile);
        image.IssueCertificate(CardImage.EcPublicKeyFile, "/CN=card-ecp256", CardImage.EcCertificateFile);
        Sharpsc("import-cert", image.File(CardImage.CertificateFile), "--id", RsaId, "--pin", Pin, "--label", CertificateLabel);
        Sharpsc("import-cert", image.File(CardImage.EcCertificateFile), "--id", EcId, "--pin", Pin, "--label", EcCertificateLabel);
    }

    private static string Sharpsc(params string[] args) =>
        ProcessRunner.RunChecked(RepoPaths.Bin("sharpsc"), [.. args, "--reader", TokenReader.Name]).StdOut;
}

/// <summary>
/// A MyEID card personalised by our `sharpsc` CLI as OpenSC's myeid profile lays it out (user PIN 1 with its
/// PUK, SO PIN 3); RSA-2048 and EC P-256 keys, each with a certificate, as on <see cref="SharpscV1Card"/>.
/// The card signs raw RSA: PKCS#1 v1.5 and PSS are padded by the module.
/// </summary>
public sealed class SharpscMyEidCard() : ClientCard(Image.Value)
{
    public const string SoPin = "00000000";
    public const string Puk = "12345678";

    private static readonly Lazy<CardImage> Image = new(() => CardImage.Make("myeid", Personalise), LazyThreadSafetyMode.PublicationOnly);

    public string EcCertificatePem => Dir.File(CardImage.EcCertificateFile);

    private static void Personalise(CardImage image) =>
        SharpscV1Card.Personalise(image, "--puk", Puk, "--so-pin", SoPin, "--so-puk", SoPin);
}
