using System.Security.Cryptography.X509Certificates;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// A virtual YubiKey personalised by Yubico's own yubico-piv-tool (the referee) with the factory management
/// key: RSA-2048 in 9A and 9D, EC P-256 in 9C and 9E, each with a certificate a throwaway CA issued for the
/// generated key. Shared by the tests of a class.
/// </summary>
public sealed class YubicoPivToolCard : IDisposable
{
    public static readonly (string Slot, string Algorithm, byte Id)[] Keys =
    [
        ("9a", "RSA2048", 0x01),
        ("9c", "ECCP256", 0x02),
        ("9d", "RSA2048", 0x03),
        ("9e", "ECCP256", 0x04),
    ];

    public YubicoPivToolCard()
    {
        Dir = new TempDir("sharpsc-piv-card");
        Card = PivReader.StartCard(Dir);
        foreach (var (slot, algorithm, _) in Keys)
        {
            var publicKey = PublicKeyPem(slot);
            PivReader.YubicoPivTool("-s", slot, "-a", "generate", "-A", algorithm, "-o", publicKey);
            TestCa.Issue(Dir, publicKey, "/CN=piv-" + slot, CertificatePem(slot));
            PivReader.YubicoPivTool("-s", slot, "-a", "import-certificate", "-i", CertificatePem(slot));
        }
    }

    public TempDir Dir { get; }

    public VirtualCardProcess Card { get; }

    public string CertificatePem(string slot) => Dir.File(slot + ".pem");

    /// <summary>The slot's public key as yubico-piv-tool printed it when generating (PEM).</summary>
    public string PublicKeyPem(string slot) => Dir.File(slot + ".pub");

    public X509Certificate2 Certificate(string slot) => X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePem(slot)));

    public void Dispose()
    {
        Card.Dispose();
        Dir.Dispose();
    }
}
