using SharpSC.FullStack.Tests.VirtualCard;
using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.FullStack.Tests.Cli;

/// <summary>
/// sharpsc and Debian's OpenSC 0.23 on the same IsoApplet v0 card, both ways: what one personalises the other
/// reads identically, uses (pkcs11-tool --test) and extends.
/// </summary>
[Collection("pcsc")]
public sealed class OpenScInteropTests(ITestOutputHelper output)
{
    private static ProcessResult Tool(string file, params string[] args)
    {
        var r = ProcessRunner.Run(file, args, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)}: {r}");
        return r;
    }

    private static string OpenScDump(string reader) => Tool("pkcs15-tool", "-r", reader, "--dump").StdOut;

    [SharpscFact]
    public void A_card_sharpsc_personalised_dumps_identically_in_opensc_passes_pkcs11_tool_test_and_takes_opensc_keys()
    {
        using var dir = new TempDir("cli-opensc");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v0");
        Sharpsc.Init("Interop");
        var rsa = Sharpsc.Json("keygen", "rsa/2048", "--pin", Sharpsc.Pin, "--label", "rsa", "--id", "01");
        Sharpsc.Ok("keygen", "ec/prime256v1", "--pin", Sharpsc.Pin, "--label", "ec", "--id", "03");
        var pub = dir.File("rsa.pub");
        File.WriteAllText(pub, rsa.GetProperty("publicKeyPem").GetString());
        TestCa.Issue(dir, pub, "/CN=interop", dir.File("cert.pem"));
        Sharpsc.Ok("import-cert", dir.File("cert.pem"), "--pin", Sharpsc.Pin);
        Sharpsc.Ok("import-p12", CliPki.Pkcs12(dir, "imported", "pw"), "--passphrase", "pw", "--pin", Sharpsc.Pin);

        var reader = Sharpsc.OpenScIndex;
        var theirs = OpenScDump(reader);
        Assert.Equal(theirs, Sharpsc.Ok("dump").StdOut);
        foreach (var expected in new[] { "PIN [User PIN]", "Private RSA Key [rsa]", "Private EC Key [ec]", "X.509 Certificate [Certificate]", "Private RSA Key [imported]" })
            Assert.Contains(expected, theirs, StringComparison.Ordinal);

        var test = Tool("pkcs11-tool", "--module", RepoPaths.OpenScModule, "--slot-index", reader, "--login", "--pin", Sharpsc.Pin, "--test");
        output.WriteLine(test.StdOut);
        Assert.Contains("No errors", test.StdOut + test.StdErr, StringComparison.Ordinal);

        // ECDSA with OpenSC on the key sharpsc generated, checked by openssl against the public key sharpsc stored.
        var data = dir.File("data.txt");
        File.WriteAllText(data, "signed through OpenSC\n");
        Tool("pkcs15-tool", "-r", reader, "--read-public-key", "03", "-o", dir.File("ec.pub"));
        Assert.Equal(File.ReadAllText(dir.File("ec.pub")).Trim(), Sharpsc.Ok("export", "--id", "03").StdOut.Trim());
        Tool("pkcs11-tool", "--module", RepoPaths.OpenScModule, "--slot-index", reader, "--login", "--pin", Sharpsc.Pin,
            "--sign", "-m", "ECDSA-SHA1", "--id", "03", "-i", data, "-o", dir.File("ec.sig"), "--signature-format", "openssl");
        Assert.Contains("Verified OK", Tool("openssl", "dgst", "-sha1", "-verify", dir.File("ec.pub"), "-signature", dir.File("ec.sig"), data).StdOut, StringComparison.Ordinal);

        // OpenSC adds a key to the structure sharpsc made; sharpsc lists it.
        Tool("pkcs15-init", "-r", reader, "--generate-key", "ec/prime256v1", "--auth-id", "FF", "--pin", Sharpsc.Pin, "--label", "by opensc");
        Assert.Contains("Private EC secp256r1 key \"by opensc\"", Sharpsc.Ok("list").StdOut, StringComparison.Ordinal);
        Assert.Equal(OpenScDump(reader), Sharpsc.Ok("dump").StdOut);
    }

    [SharpscFact]
    public void A_card_opensc_personalised_is_listed_fully_by_sharpsc_and_takes_sharpsc_keys()
    {
        using var dir = new TempDir("cli-opensc-card");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v0");
        var r = Sharpsc.OpenScIndex;
        Tool("pkcs15-init", "-r", r, "-C", "--so-pin", Sharpsc.Pin, "--so-puk", Sharpsc.Puk, "--label", "OpenSC card");
        Tool("pkcs15-init", "-r", r, "--generate-key", "rsa/2048", "--id", "01", "--auth-id", "FF", "--key-usage", "sign,decrypt",
            "--pin", Sharpsc.Pin, "--label", "rsa2048");
        Tool("pkcs15-init", "-r", r, "--generate-key", "ec/prime256v1", "--id", "03", "--auth-id", "FF", "--key-usage", "sign",
            "--pin", Sharpsc.Pin, "--label", "ecp256");
        Tool("pkcs15-tool", "-r", r, "--read-public-key", "01", "-o", dir.File("rsa.pub"));
        TestCa.Issue(dir, dir.File("rsa.pub"), "/CN=opensc-rsa", dir.File("cert.pem"));
        Tool("pkcs15-init", "-r", r, "-X", dir.File("cert.pem"), "--id", "01", "--auth-id", "FF", "--pin", Sharpsc.Pin, "--format", "pem");

        Assert.Equal(OpenScDump(r), Sharpsc.Ok("dump").StdOut);
        var list = Sharpsc.Json("list");
        Assert.Equal(["Certificate", "ecp256"], list.GetProperty("privateKeys").EnumerateArray().Select(k => k.GetProperty("label").GetString()).Order());
        Assert.Equal("01", list.GetProperty("certificates")[0].GetProperty("id").GetString());

        // sharpsc adds a key and a certificate to OpenSC's structure (creating nothing OpenSC would not read).
        var added = Sharpsc.Json("keygen", "rsa/2048", "--pin", Sharpsc.Pin, "--label", "by sharpsc");
        Assert.Equal(2, added.GetProperty("privateKey").GetProperty("keyReference").GetInt32());
        var theirs = OpenScDump(r);
        Assert.Contains("Private RSA Key [by sharpsc]", theirs, StringComparison.Ordinal);
        Assert.Equal(theirs, Sharpsc.Ok("dump").StdOut);
        var test = Tool("pkcs11-tool", "--module", RepoPaths.OpenScModule, "--slot-index", r, "--login", "--pin", Sharpsc.Pin, "--test");
        Assert.Contains("No errors", test.StdOut + test.StdErr, StringComparison.Ordinal);

        // OpenSC 0.23 cannot erase an IsoApplet card (no erase operation for it, and the applet cannot list files); sharpsc can.
        var erase = ProcessRunner.Run("pkcs15-init", ["-r", r, "--erase-card", "--so-pin", Sharpsc.Pin]);
        Assert.Contains("Not supported", erase.StdOut + erase.StdErr, StringComparison.Ordinal);
        Sharpsc.Ok("erase", "--pin", Sharpsc.Pin);
        Assert.Equal(8, Sharpsc.Run("dump").ExitCode);
        Assert.NotEqual(0, ProcessRunner.Run("pkcs15-tool", ["-r", r, "--dump"]).ExitCode);
    }
}
