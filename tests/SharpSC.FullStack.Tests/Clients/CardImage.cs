using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// A personalised card kept on disk for the whole test run: the virtual card's state file plus the
/// public keys, the certificates and their CA. Removed when the test process ends.
/// </summary>
public sealed class CardImage
{
    public const string StateFile = "card.state";
    public const string RsaPublicKeyFile = "rsa-pub.pem";
    public const string EcPublicKeyFile = "ec-pub.pem";
    public const string CertificateFile = "rsa-cert.pem";
    public const string EcCertificateFile = "ec-cert.pem";
    public const string CaCertificateFile = "ca.pem"; // where TestCa keeps its certificate

    private static readonly string[] Files = [StateFile, RsaPublicKeyFile, EcPublicKeyFile, CertificateFile, EcCertificateFile, CaCertificateFile];

    private readonly TempDir _dir;

    private CardImage(TempDir dir, string applet)
    {
        _dir = dir;
        Applet = applet;
    }

    public string Applet { get; }

    public string File(string name) => _dir.File(name);

    /// <summary>Starts a blank card of <paramref name="applet"/>, lets <paramref name="personalise"/> write it, and keeps the result.</summary>
    public static CardImage Make(string applet, Action<CardImage> personalise)
    {
        var dir = new TempDir("sharpsc-card-image");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        var image = new CardImage(dir, applet);
        using (VirtualCardProcess.Start(TokenReader.Port, dir.File(StateFile), applet))
            personalise(image);
        return image;
    }

    /// <summary>Issues a certificate for a public key of the card from the run's throwaway CA.</summary>
    public void IssueCertificate(string publicKeyFile, string subject, string certificateFile)
    {
        TestCa.Issue(_dir, File(publicKeyFile), subject, File(certificateFile));
        if (!System.IO.File.Exists(File(CaCertificateFile)))
            throw new InvalidOperationException($"TestCa left no {CaCertificateFile} in {_dir.Path}");
    }

    public void CopyTo(string directory)
    {
        foreach (var name in Files.Where(n => System.IO.File.Exists(File(n))))
        {
            var target = Path.Combine(directory, name);
            System.IO.File.Copy(File(name), target, overwrite: true);
            if (!OperatingSystem.IsWindows())
                System.IO.File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
