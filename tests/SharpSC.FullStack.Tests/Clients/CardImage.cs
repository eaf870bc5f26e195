using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// A personalised card kept on disk for the whole test run: the virtual card's state file plus the
/// public keys, the certificate and its CA. Removed when the test process ends.
/// </summary>
public sealed class CardImage
{
    public const string StateFile = "card.state";
    public const string RsaPublicKeyFile = "rsa-pub.pem";
    public const string EcPublicKeyFile = "ec-pub.pem";
    public const string CertificateFile = "rsa-cert.pem";
    public const string CaCertificateFile = "ca.pem"; // where TestCa keeps its certificate

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

    /// <summary>Issues the RSA key's certificate (CN=card-rsa2048) from a throwaway CA whose certificate is kept too.</summary>
    public void IssueCertificate()
    {
        TestCa.Issue(_dir, File(RsaPublicKeyFile), "/CN=card-rsa2048", File(CertificateFile));
        if (!System.IO.File.Exists(File(CaCertificateFile)))
            throw new InvalidOperationException($"TestCa left no {CaCertificateFile} in {_dir.Path}");
    }

    public void CopyTo(string directory)
    {
        foreach (var name in new[] { StateFile, RsaPublicKeyFile, EcPublicKeyFile, CertificateFile, CaCertificateFile })
        {
            var target = Path.Combine(directory, name);
            System.IO.File.Copy(File(name), target, overwrite: true);
            if (!OperatingSystem.IsWindows())
                System.IO.File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
