using System.Security.Cryptography.X509Certificates;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// Debian's yubico-piv-tool (Yubico's management tool), unchanged, through a YubiKey's life on the virtual card:
/// status, generation, certificate import and read-back, attestation, PIN change, block and unblock, a new
/// management key, and the reset that only a card with PIN and PUK blocked accepts.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class YubicoPivToolTests : IDisposable
{
    private const string NewManagementKey = "0F0E0D0C0B0A09080706050403020100F0E0D0C0B0A09080";

    private readonly TempDir _dir = new("sharpsc-piv-ypt");
    private readonly VirtualCardProcess _card;

    public YubicoPivToolTests()
    {
        _card = PivReader.StartCard(_dir);
    }

    public void Dispose()
    {
        _card.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Status_generate_import_read_and_attest()
    {
        var status = PivReader.YubicoPivTool("-a", "status").StdOut;
        Assert.Contains("Version:\t5.4.3", status, StringComparison.Ordinal);
        Assert.Matches(@"Serial Number:\t[0-9]+\n", status);
        Assert.Contains("PIN tries left:\t3", status, StringComparison.Ordinal);

        PivReader.YubicoPivTool("-s", "9a", "-a", "generate", "-A", "RSA2048", "-o", _dir.File("9a.pub"));
        PivReader.YubicoPivTool("-s", "9e", "-a", "generate", "-A", "ECCP256", "-o", _dir.File("9e.pub"));
        TestCa.Issue(_dir, _dir.File("9a.pub"), "/CN=yubico-piv-tool-9a", _dir.File("9a.pem"));
        PivReader.YubicoPivTool("-s", "9a", "-a", "import-certificate", "-i", _dir.File("9a.pem"));

        using var written = X509Certificate2.CreateFromPem(File.ReadAllText(_dir.File("9a.pem")));
        using var read = X509Certificate2.CreateFromPem(PivReader.YubicoPivTool("-s", "9a", "-a", "read-certificate").StdOut);
        Assert.Equal(written.RawData, read.RawData);
        status = PivReader.YubicoPivTool("-a", "status").StdOut;
        Assert.Contains("Subject DN:\tCN=yubico-piv-tool-9a", status, StringComparison.Ordinal);

        // The attestation certificate certifies the key generated in 9E and is signed by the F9 attestation key.
        using var attestation = X509Certificate2.CreateFromPem(PivReader.YubicoPivTool("-s", "9e", "-a", "attest").StdOut);
        using var generated = System.Security.Cryptography.ECDsa.Create();
        generated.ImportFromPem(File.ReadAllText(_dir.File("9e.pub")));
        Assert.Equal(generated.ExportSubjectPublicKeyInfo(), attestation.PublicKey.ExportSubjectPublicKeyInfo());
        using var attestationKey = X509Certificate2.CreateFromPem(PivReader.YubicoPivTool("-s", "f9", "-a", "read-certificate").StdOut);
        Assert.Equal(attestationKey.SubjectName.RawData, attestation.IssuerName.RawData);
        var verify = ProcessRunner.Run("openssl", "verify", "-partial_chain", "-CAfile", Pem(attestationKey, "f9.pem"), Pem(attestation, "attest.pem"));
        Assert.True(verify.ExitCode == 0, verify.ToString());

        PivReader.YubicoPivTool("-a", "verify-pin", "-P", PivReader.Pin);
    }

    [Fact]
    public void Pin_change_block_unblock_and_a_new_management_key()
    {
        PivReader.YubicoPivTool("-a", "change-pin", "-P", PivReader.Pin, "-N", "654321");
        Assert.Contains("Successfully verified PIN", PivReader.YubicoPivTool("-a", "verify-pin", "-P", "654321").All, StringComparison.Ordinal);
        var wrong = ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-a", "verify-pin", "-P", PivReader.Pin);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("2 tries left", wrong.All, StringComparison.Ordinal);
        for (var i = 0; i < 2; i++) ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-a", "verify-pin", "-P", "000000");
        Assert.Contains("blocked", ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-a", "verify-pin", "-P", "654321").All, StringComparison.Ordinal);

        PivReader.YubicoPivTool("-a", "unblock-pin", "-P", PivReader.Puk, "-N", PivReader.Pin);
        PivReader.YubicoPivTool("-a", "verify-pin", "-P", PivReader.Pin);

        PivReader.YubicoPivTool("-a", "set-mgm-key", "-n", NewManagementKey);
        var oldKey = ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-s", "9c", "-a", "generate", "-A", "ECCP256");
        Assert.NotEqual(0, oldKey.ExitCode);
        Assert.Contains("Failed authentication", oldKey.All, StringComparison.Ordinal);
        PivReader.YubicoPivTool("--key=" + NewManagementKey, "-s", "9c", "-a", "generate", "-A", "ECCP256", "-o", _dir.File("9c.pub"));
        Assert.Contains("BEGIN PUBLIC KEY", File.ReadAllText(_dir.File("9c.pub")), StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_is_refused_until_pin_and_puk_are_blocked_and_then_restores_the_factory_state()
    {
        PivReader.YubicoPivTool("-s", "9a", "-a", "generate", "-A", "ECCP256", "-o", _dir.File("9a.pub"));
        TestCa.Issue(_dir, _dir.File("9a.pub"), "/CN=before-reset", _dir.File("9a.pem"));
        PivReader.YubicoPivTool("-s", "9a", "-a", "import-certificate", "-i", _dir.File("9a.pem"));
        Assert.Contains("Slot 9a", PivReader.YubicoPivTool("-a", "status").StdOut, StringComparison.Ordinal);
        PivReader.YubicoPivTool("-a", "set-mgm-key", "-n", NewManagementKey);
        Assert.NotEqual(0, ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-a", "reset").ExitCode);

        for (var i = 0; i < 3; i++) ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-a", "verify-pin", "-P", "000000");
        for (var i = 0; i < 3; i++) ProcessRunner.Run("yubico-piv-tool", "-r", PivReader.Name, "-a", "change-puk", "-P", "00000000", "-N", "11111111");
        Assert.Contains("Successfully reset", PivReader.YubicoPivTool("-a", "reset").All, StringComparison.Ordinal);

        var status = PivReader.YubicoPivTool("-a", "status").StdOut;
        Assert.Contains("PIN tries left:\t3", status, StringComparison.Ordinal);
        Assert.DoesNotContain("Slot 9a", status, StringComparison.Ordinal);
        // The factory management key and PIN work again.
        PivReader.YubicoPivTool("-s", "9a", "-a", "generate", "-A", "ECCP256", "-o", _dir.File("again.pub"));
        PivReader.YubicoPivTool("-a", "verify-pin", "-P", PivReader.Pin);
    }

    private string Pem(X509Certificate2 certificate, string name)
    {
        File.WriteAllText(_dir.File(name), certificate.ExportCertificatePem());
        return _dir.File(name);
    }
}
