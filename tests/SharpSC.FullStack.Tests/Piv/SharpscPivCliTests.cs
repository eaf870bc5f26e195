using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// The published sharpsc personalises a virtual YubiKey with its generic commands (keygen, import-cert) and
/// `sharpsc piv`; yubico-piv-tool, OpenSC's PIV driver (pkcs15-tool, the PKCS#11 module) and ykcs11 then use what
/// it wrote, and `sharpsc info` / `export` read what yubico-piv-tool wrote.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class SharpscPivCliTests : IDisposable
{
    private readonly TempDir _dir = new("sharpsc-piv-cli");
    private readonly VirtualCardProcess _card;

    public SharpscPivCliTests()
    {
        _card = PivReader.StartCard(_dir);
    }

    public void Dispose()
    {
        _card.Dispose();
        _dir.Dispose();
    }

    private static ProcessResult Sharpsc(params string[] args)
    {
        var r = ProcessRunner.Run(RepoPaths.Bin("sharpsc"), [.. args, "--reader", PivReader.Name],
            new Dictionary<string, string?> { ["PIV_MGM_KEY"] = PivReader.ManagementKey }, stdin: "");
        Assert.True(r.ExitCode == 0, $"sharpsc {string.Join(' ', args)}: {r}");
        return r;
    }

    [Fact]
    public void A_card_personalised_by_sharpsc_works_with_yubico_piv_tool_opensc_and_ykcs11()
    {
        // The card still has the factory management key: sharpsc uses it without being given it, and says so.
        var keygen = Sharpsc("keygen", "--slot", "9a", "rsa/2048", "--json");
        Assert.Contains("factory management key", keygen.StdErr, StringComparison.Ordinal);
        using (var generated = JsonDocument.Parse(keygen.StdOut))
            File.WriteAllText(_dir.File("9a.pub"), generated.RootElement.GetProperty("publicKeyPem").GetString());
        Sharpsc("piv", "generate", "ec/prime256v1", "--slot", "9e", "--mgm-key-env", "PIV_MGM_KEY");
        TestCa.Issue(_dir, _dir.File("9a.pub"), "/CN=personalised-by-sharpsc", _dir.File("9a.pem"));
        Sharpsc("import-cert", "--slot", "9a", _dir.File("9a.pem"), "--mgm-key-env", "PIV_MGM_KEY");

        // OpenSC's pkcs15-tool reads the certificate sharpsc wrote (id 01 = slot 9a).
        var read = ProcessRunner.Run("pkcs15-tool", "--reader",
            Pcscd.OpenScReaderIndex(PivReader.Name).ToString(System.Globalization.CultureInfo.InvariantCulture), "--read-certificate", "01");
        Assert.True(read.ExitCode == 0, read.ToString());
        using (var fromOpenSc = X509Certificate2.CreateFromPem(read.StdOut))
        using (var written = X509Certificate2.CreateFromPem(File.ReadAllText(_dir.File("9a.pem"))))
            Assert.Equal(written.RawData, fromOpenSc.RawData);

        // yubico-piv-tool sees the certificate and attests the generated keys.
        Assert.Contains("CN=personalised-by-sharpsc", PivReader.YubicoPivTool("-a", "status").StdOut, StringComparison.Ordinal);
        using var attestation = X509Certificate2.CreateFromPem(PivReader.YubicoPivTool("-s", "9a", "-a", "attest").StdOut);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(_dir.File("9a.pub")));
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), attestation.PublicKey.ExportSubjectPublicKeyInfo());

        // OpenSC's PIV driver: its self test passes on the keys sharpsc generated.
        var test = ProcessRunner.Run("pkcs11-tool", "--module", PivReader.OpenScModule, "--login", "--pin", PivReader.Pin, "--test");
        Assert.True(test.ExitCode == 0 && test.StdOut.Contains("No errors", StringComparison.Ordinal), test.ToString());

        // ykcs11 signs with 9A; the certificate sharpsc wrote verifies it.
        File.WriteAllText(_dir.File("data.txt"), "personalised by sharpsc, signed by ykcs11");
        ProcessRunner.RunChecked("pkcs11-tool", "--module", PivReader.Ykcs11Module, "--login", "--pin", PivReader.Pin,
            "--sign", "-m", "SHA256-RSA-PKCS", "--id", "01", "-i", _dir.File("data.txt"), "-o", _dir.File("yk.sig"));
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(_dir.File("9a.pem")));
        Assert.True(certificate.GetRSAPublicKey()!.VerifyData(File.ReadAllBytes(_dir.File("data.txt")), File.ReadAllBytes(_dir.File("yk.sig")),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Sharpsc_reads_a_card_yubico_piv_tool_personalised_and_manages_its_secrets()
    {
        PivReader.YubicoPivTool("-s", "9c", "-a", "generate", "-A", "ECCP384", "-o", _dir.File("9c.pub"));
        TestCa.Issue(_dir, _dir.File("9c.pub"), "/CN=personalised-by-yubico-piv-tool", _dir.File("9c.pem"));
        PivReader.YubicoPivTool("-s", "9c", "-a", "import-certificate", "-i", _dir.File("9c.pem"));

        using var status = JsonDocument.Parse(Sharpsc("info", "--json").StdOut);
        var slot = Assert.Single(status.RootElement.GetProperty("slots").EnumerateArray());
        Assert.Equal("9c", slot.GetProperty("slot").GetString());
        Assert.Equal("EC secp384r1", slot.GetProperty("algorithm").GetString());
        Assert.Equal("CN=personalised-by-yubico-piv-tool", slot.GetProperty("certificateSubject").GetString());
        Assert.Equal(PivReader.Serial(), status.RootElement.GetProperty("serial").GetString());

        using var read = X509Certificate2.CreateFromPem(Sharpsc("export", "--slot", "9c", "--type", "cert").StdOut);
        Assert.Equal(X509Certificate2.CreateFromPem(File.ReadAllText(_dir.File("9c.pem"))).RawData, read.RawData);

        // Secrets sharpsc sets are the ones yubico-piv-tool then needs.
        Sharpsc("pin", "change", "--pin", PivReader.Pin, "--new-pin", "24681357");
        PivReader.YubicoPivTool("-a", "verify-pin", "-P", "24681357");
        // Debian's yubico-piv-tool 2.2.0 takes --key as 3DES (48 hex digits) only.
        const string tripleDes = "0F0E0D0C0B0A09080706050403020100F0E0D0C0B0A09080";
        Sharpsc("piv", "set-mgm-key", "--mgm-key-env", "PIV_MGM_KEY", "--new-mgm-key", tripleDes);
        Assert.NotEqual(0, ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-s", "9d", "-a", "generate", "-A", "ECCP256").ExitCode);
        PivReader.YubicoPivTool("--key=" + tripleDes, "-s", "9d", "-a", "generate", "-A", "ECCP256");
    }
}
