using SharpSC.FullStack.Tests.Clients;
using SharpSC.FullStack.Tests.VirtualCard;
using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.FullStack.Tests.Cli;

/// <summary>
/// The virtual MyEID card with Debian's OpenSC 0.23 unchanged, both ways: OpenSC's own MyEID flow (pkcs15-init
/// with the myeid profile, pkcs15-tool, pkcs11-tool --test) on it, then sharpsc and our module on that card; and
/// a card sharpsc personalised (two PINs, then one PIN) read, used and extended by OpenSC.
/// </summary>
[Collection("pcsc")]
public sealed class MyEidOpenScTests(ITestOutputHelper output)
{
    private const string Pin = Sharpsc.Pin;
    private const string Puk = "12345678";
    private const string SoPin = "00000000";

    private static ProcessResult Tool(string file, params string[] args)
    {
        var r = ProcessRunner.Run(file, args, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)}: {r}");
        return r;
    }

    private static string OpenScDump(string reader) => Tool("pkcs15-tool", "-r", reader, "--dump").StdOut;

    private ProcessResult Pkcs11Test(string module, params string[] slot)
    {
        var test = Tool("pkcs11-tool", ["--module", module, .. slot, "--login", "--pin", Pin, "--test"]);
        output.WriteLine($"pkcs11-tool --module {Path.GetFileName(module)} --test:\n{test.StdOut}{test.StdErr}");
        Assert.Contains("No errors", test.StdOut + test.StdErr, StringComparison.Ordinal);
        return test;
    }

    [SharpscFact]
    public void OpenSC_personalises_the_card_with_its_myeid_profile_and_sharpsc_reads_uses_and_extends_it()
    {
        using var dir = new TempDir("myeid-opensc");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "myeid");
        var r = Sharpsc.OpenScIndex;
        Assert.Equal("OsEID 4.5.2", Tool("opensc-tool", "-r", r, "-n").StdOut.Trim()); // OpenSC's myeid driver names the card
        Tool("pkcs15-init", "-r", r, "-E");
        Tool("pkcs15-init", "-r", r, "-C", "--so-pin", SoPin, "--so-puk", SoPin, "--label", "OpenSC MyEID");
        Tool("pkcs15-init", "-r", r, "--store-pin", "--id", "01", "--pin", Pin, "--puk", Puk, "--so-pin", SoPin, "--label", "User PIN");
        Tool("pkcs15-init", "-r", r, "-F");
        Tool("pkcs15-init", "-r", r, "-G", "rsa/2048", "--auth-id", "01", "--id", "01", "--pin", Pin, "--label", "rsa2048",
            "--key-usage", "sign,decrypt");
        Tool("pkcs15-init", "-r", r, "-G", "ec/prime256v1", "--auth-id", "01", "--id", "02", "--pin", Pin, "--label", "ecp256");
        Tool("pkcs15-tool", "-r", r, "--read-public-key", "01", "-o", dir.File("rsa.pub"));
        TestCa.Issue(dir, dir.File("rsa.pub"), "/CN=myeid-rsa", dir.File("cert.pem"));
        // pkcs15-init names the key after the certificate it stores (its default label is "Certificate").
        Tool("pkcs15-init", "-r", r, "-X", dir.File("cert.pem"), "--id", "01", "--auth-id", "01", "--pin", Pin, "--format", "pem",
            "--label", "rsa2048");
        Tool("pkcs15-init", "-r", r, "-S", CliPki.Pkcs12(dir, "p12 user", "pw"), "-f", "pkcs12", "--passphrase", "pw", "--id", "04",
            "--auth-id", "01", "--pin", Pin);
        var theirs = OpenScDump(r);
        output.WriteLine(theirs);
        foreach (var expected in new[] { "PIN [User PIN]", "PIN [Security Officer PIN]", "Private RSA Key [rsa2048]", "Private EC Key [ecp256]",
                     "X.509 Certificate [rsa2048]", "Private RSA Key [p12 user]", "Path           : 3f0050154b01" })
            Assert.Contains(expected, theirs, StringComparison.Ordinal);
        Pkcs11Test(RepoPaths.OpenScModule, "--slot-index", r);

        // sharpsc reads it as OpenSC does, our module passes the same test (raw RSA padded by the module, ECDSA).
        Assert.Equal(theirs, Sharpsc.Ok("dump").StdOut);
        Pkcs11Test(RepoPaths.Module, "--token-label", "OpenSC MyEID");
        var mechanisms = Tool("pkcs11-tool", "--module", RepoPaths.Module, "--token-label", "OpenSC MyEID", "-M").StdOut;
        foreach (var m in new[] { "RSA-PKCS-PSS", "RSA-PKCS-OAEP", "RSA-X-509", "ECDSA", "ECDH1-DERIVE" })
            Assert.Contains(m, mechanisms, StringComparison.Ordinal);

        // sharpsc adds a P-384 key to OpenSC's structure; OpenSC signs with it, openssl verifies.
        Sharpsc.Ok("keygen", "ec/secp384r1", "--id", "03", "--label", "by sharpsc", "--pin", Pin);
        Assert.Equal(OpenScDump(r), Sharpsc.Ok("dump").StdOut);
        var data = dir.File("data.txt");
        File.WriteAllText(data, "signed by OpenSC with a key sharpsc made\n");
        Tool("pkcs15-tool", "-r", r, "--read-public-key", "03", "-o", dir.File("p384.pub"));
        Tool("pkcs11-tool", "--module", RepoPaths.OpenScModule, "--slot-index", r, "--login", "--pin", Pin, "--sign", "-m", "ECDSA-SHA384",
            "--id", "03", "-i", data, "-o", dir.File("p384.sig"), "--signature-format", "openssl");
        Assert.Contains("Verified OK", Tool("openssl", "dgst", "-sha384", "-verify", dir.File("p384.pub"), "-signature", dir.File("p384.sig"), data).StdOut,
            StringComparison.Ordinal);

        // OpenSC erases what sharpsc extended; the card is blank for both.
        // pkcs15-init -E asks for the SO PIN at its prompt (--so-pin is not used for the erase).
        var erase = Terminal.TypeAtPrompt($"pkcs15-init -r {r} -E", "Please enter PIN", SoPin);
        Assert.True(erase.ExitCode == 0, erase.StdOut);
        Assert.Equal(8, Sharpsc.Run("dump").ExitCode);
    }

    [SharpscFact]
    public void A_card_sharpsc_personalised_dumps_identically_in_OpenSC_passes_its_test_and_takes_its_keys()
    {
        using var dir = new TempDir("myeid-sharpsc");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "myeid");
        var r = Sharpsc.OpenScIndex;
        Sharpsc.Ok("init", "--label", "sharpsc MyEID", "--pin", Pin, "--puk", Puk, "--so-pin", SoPin, "--so-puk", SoPin);
        var rsa = Sharpsc.Json("keygen", "rsa/2048", "--pin", Pin, "--label", "rsa", "--id", "01", "--usage", "sign,decrypt");
        Sharpsc.Ok("keygen", "ec/prime256v1", "--pin", Pin, "--label", "ec", "--id", "02");
        File.WriteAllText(dir.File("rsa.pub"), rsa.GetProperty("publicKeyPem").GetString());
        TestCa.Issue(dir, dir.File("rsa.pub"), "/CN=sharpsc-myeid", dir.File("cert.pem"));
        Sharpsc.Ok("import-cert", dir.File("cert.pem"), "--pin", Pin);
        Sharpsc.Ok("import-p12", CliPki.Pkcs12(dir, "imported", "pw"), "--passphrase", "pw", "--pin", Pin);

        var theirs = OpenScDump(r);
        Assert.Equal(theirs, Sharpsc.Ok("dump").StdOut);
        foreach (var expected in new[] { "PIN [User PIN]", "PIN [Security Officer PIN]", "Private RSA Key [rsa]", "Private EC Key [ec]",
                     "X.509 Certificate [Certificate]", "Private RSA Key [imported]" })
            Assert.Contains(expected, theirs, StringComparison.Ordinal);
        Pkcs11Test(RepoPaths.OpenScModule, "--slot-index", r);

        // OpenSC adds a key with its profile; sharpsc lists it; OpenSC needs the SO PIN to erase.
        Tool("pkcs15-init", "-r", r, "-G", "rsa/1024", "--auth-id", "01", "--id", "05", "--pin", Pin, "--label", "by opensc");
        Assert.Contains("\"by opensc\"", Sharpsc.Ok("list").StdOut, StringComparison.Ordinal);
        Assert.Equal(OpenScDump(r), Sharpsc.Ok("dump").StdOut);
        Sharpsc.Ok("erase", "--so-pin", SoPin);

        // The guide's one-PIN token: OpenSC reads it, signs and decrypts with its keys, and passes its test.
        Sharpsc.Ok("init", "--label", "one PIN", "--pin", Pin, "--puk", Puk, "--no-so-pin");
        Sharpsc.Ok("keygen", "rsa/2048", "--pin", Pin, "--label", "rsa", "--id", "01", "--usage", "sign,decrypt");
        Sharpsc.Ok("keygen", "ec/prime256v1", "--pin", Pin, "--label", "ec", "--id", "02");
        var onePin = OpenScDump(r);
        Assert.Equal(onePin, Sharpsc.Ok("dump").StdOut);
        Assert.DoesNotContain("Security Officer PIN", onePin, StringComparison.Ordinal);
        Pkcs11Test(RepoPaths.OpenScModule, "--slot-index", r);
        Tool("pkcs15-init", "-r", r, "-G", "ec/prime256v1", "--auth-id", "01", "--id", "03", "--pin", Pin, "--label", "by opensc");
        Assert.Contains("\"by opensc\"", Sharpsc.Ok("list").StdOut, StringComparison.Ordinal);
        Sharpsc.Ok("erase", "--pin", Pin);
        Assert.Equal(8, Sharpsc.Run("dump").ExitCode);
    }
}
