using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// OpenSC 0.23 unchanged on the virtual OpenPGP card, beside our module: openpgp-tool reads it and generates an RSA
/// key (its attributes with a 32-bit exponent length), pkcs15-tool dumps it, OpenSC's PKCS#11 module lists it and
/// passes its own `--test` with keys our module generated, and reads the certificate our module wrote.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenScRefereeTests : IDisposable
{
    private const string OpenScModule = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

    private readonly OpenPgpCard _card = new();

    private static string Reader => Pcscd.OpenScReaderIndex(OpenPgpCard.Reader).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void OpenSc_tools_read_the_card_and_its_serial_is_the_module_token_serial()
    {
        var info = ProcessRunner.RunChecked("openpgp-tool", "-r", Reader);
        Assert.Contains("Language:", info.StdOut);
        var dump = ProcessRunner.RunChecked("pkcs15-tool", "-r", Reader, "--dump");
        Assert.Contains("PKCS#15 Card [OpenPGP card]", dump.StdOut);
        Assert.Contains("PIN [Admin PIN]", dump.StdOut);

        var openSc = ProcessRunner.RunChecked("pkcs11-tool", "--module", OpenScModule, "--slot-description", OpenPgpCard.Reader, "-L");
        using var library = Module.Load();
        var ours = Module.Slot(library, OpenPgpCard.Reader).GetTokenInfo();
        Assert.Contains("serial num         : " + ours.SerialNumber, openSc.StdOut);
    }

    [Fact]
    public void A_key_openpgp_tool_generates_is_the_module_signature_key_and_OpenSc_tests_keys_the_module_generated()
    {
        var gen = ProcessRunner.RunChecked("openpgp-tool", "-r", Reader, "--verify", "CHV3", "--pin", OpenPgpCard.Pw3, "--gen-key", "1", "--key-type", "rsa2048");
        Assert.Contains("Fingerprint:", gen.StdOut);

        using (var library = Module.Load())
        using (var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            var sig = OpenPgpCard.FindKey(session, CKO.CKO_PUBLIC_KEY, 1);
            Assert.Equal(2048UL, session.GetAttributeValue(sig, [CKA.CKA_MODULUS_BITS])[0].GetValueAsUlong());
            session.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(session, 2, 2048);
            OpenPgpCard.GenerateRsa(session, 3, 2048);
        }

        var dump = ProcessRunner.RunChecked("pkcs15-tool", "-r", Reader, "--dump");
        Assert.Contains("Private RSA Key [Signature key]", dump.StdOut);
        Assert.Contains("Private RSA Key [Encryption key]", dump.StdOut);
        Assert.Contains("Private RSA Key [Authentication key]", dump.StdOut);
        var test = ProcessRunner.Run("pkcs11-tool", ["--module", OpenScModule, "--slot-description", OpenPgpCard.Reader, "--login", "--pin", OpenPgpCard.Pw1, "--test"]);
        Assert.True(test.ExitCode == 0 && test.StdOut.Contains("No errors"), test.ToString());
        Assert.Contains("Decryption (currently only for RSA)\n  testing key 0 (Encryption key)\n    RSA-PKCS: OK", test.StdOut);

        // Ours on the same keys: pkcs11-tool's own test through our module.
        var oursTest = ProcessRunner.Run("pkcs11-tool", ["--module", Module.Path, "--slot-description", OpenPgpCard.Reader, "--login", "--pin", OpenPgpCard.Pw1, "--test"]);
        Assert.True(oursTest.ExitCode == 0 && oursTest.StdOut.Contains("No errors"), oursTest.ToString());
    }

    [Fact]
    public void A_certificate_our_module_writes_is_the_one_OpenSc_reads_for_the_key()
    {
        byte[] der;
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateP256(so, 3);
            der = _card.IssueCertificate(so, 3, "/CN=openpgp-authentication");
        }

        var read = _card.Dir.File("opensc-cert.der");
        ProcessRunner.RunChecked("pkcs11-tool", "--module", OpenScModule, "--slot-description", OpenPgpCard.Reader, "--read-object", "--type", "cert",
            "--id", "03", "--output-file", read);
        Assert.Equal(der, File.ReadAllBytes(read));
        var dump = ProcessRunner.RunChecked("pkcs15-tool", "-r", Reader, "--list-certificates");
        Assert.Contains("X.509 Certificate [AUT certificate]", dump.StdOut);
    }

    public void Dispose() => _card.Dispose();
}
