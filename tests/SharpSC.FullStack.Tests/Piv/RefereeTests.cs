using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// OpenSC 0.23's PIV driver and Yubico's ykcs11, unchanged, on the virtual YubiKey yubico-piv-tool personalised.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class RefereeTests(YubicoPivToolCard card) : IClassFixture<YubicoPivToolCard>
{
    [Fact]
    public void Openscs_pkcs11_self_test_finds_no_error()
    {
        var r = ProcessRunner.Run("pkcs11-tool", "--module", PivReader.OpenScModule, "--login", "--pin", PivReader.Pin, "--test");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("No errors", r.StdOut, StringComparison.Ordinal);
        // It signed with 9A and deciphered with 9A and 9D (the RSA keys).
        Assert.Contains("testing key 0 (PIV AUTH key)", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("testing key 1 (KEY MAN key)", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Openscs_pkcs15_dump_lists_the_keys_and_certificates()
    {
        var dump = ProcessRunner.RunChecked("pkcs15-tool", "-r", PivReader.OpenScIndex, "--dump").StdOut;
        foreach (var entry in new[] { "Private RSA Key [PIV AUTH key]", "Private EC Key [SIGN key]", "Private RSA Key [KEY MAN key]",
            "Private EC Key [CARD AUTH key]", "X.509 Certificate [Certificate for PIV Authentication]",
            "X.509 Certificate [Certificate for Digital Signature]", "X.509 Certificate [Certificate for Key Management]",
            "X.509 Certificate [Certificate for Card Authentication]" })
            Assert.Contains(entry, dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Ykcs11_lists_the_objects_and_signs_with_9a_and_9e()
    {
        var objects = ProcessRunner.RunChecked("pkcs11-tool", "--module", PivReader.Ykcs11Module, "--login", "--pin", PivReader.Pin, "-O").StdOut;
        foreach (var label in new[] { "Private key for PIV Authentication", "Private key for Digital Signature",
            "Private key for Key Management", "Private key for Card Authentication", "X.509 Certificate for PIV Authentication",
            "X.509 Certificate for Card Authentication" })
            Assert.Contains(label, objects, StringComparison.Ordinal);

        var data = card.Dir.File("yk-data.txt");
        File.WriteAllText(data, "signed through ykcs11");
        var rsaSignature = card.Dir.File("yk-9a.sig");
        ProcessRunner.RunChecked("pkcs11-tool", "--module", PivReader.Ykcs11Module, "--login", "--pin", PivReader.Pin,
            "--sign", "-m", "SHA256-RSA-PKCS", "--id", "01", "-i", data, "-o", rsaSignature);
        Assert.True(card.Certificate("9a").GetRSAPublicKey()!.VerifyData(File.ReadAllBytes(data), File.ReadAllBytes(rsaSignature),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var ecSignature = card.Dir.File("yk-9e.sig");
        ProcessRunner.RunChecked("pkcs11-tool", "--module", PivReader.Ykcs11Module, "--login", "--pin", PivReader.Pin,
            "--sign", "-m", "ECDSA-SHA256", "--id", "04", "--signature-format", "openssl", "-i", data, "-o", ecSignature);
        Assert.True(card.Certificate("9e").GetECDsaPublicKey()!.VerifyData(File.ReadAllBytes(data), File.ReadAllBytes(ecSignature),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }
}
