using System.Text.Json;
using SharpSC.FullStack.Tests.VirtualCard;
using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.FullStack.Tests.Cli;

/// <summary>
/// The seed guide's flow with the published sharpsc through pcscd, vpcd and sharpsc-vcard, on both applet
/// generations: init, keygen rsa/2048, import-cert, import-p12, dump; and EC keys.
/// </summary>
[Collection("pcsc")]
public sealed class CliFlowTests(ITestOutputHelper output)
{
    [SharpscTheory]
    [InlineData("v0")]
    [InlineData("v1")]
    public void Init_keygen_import_cert_import_p12_and_dump(string applet)
    {
        using var dir = new TempDir("cli-flow");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), applet);

        card.Control("stats reset");
        Sharpsc.Init("Seed Token");
        var initApdus = card.ApduCount;

        card.Control("stats reset");
        var key = Sharpsc.Json("keygen", "rsa/2048", "--pin", Sharpsc.Pin, "--label", "rsa2048", "--usage", "sign,decrypt");
        var keygenApdus = card.ApduCount;
        var pub = dir.File("rsa.pub.pem");
        File.WriteAllText(pub, key.GetProperty("publicKeyPem").GetString());
        var cert = dir.File("rsa.cert.pem");
        TestCa.Issue(dir, pub, "/CN=card-rsa2048", cert);

        card.Control("stats reset");
        var stored = Sharpsc.Json("import-cert", cert, "--pin", Sharpsc.Pin);
        var certApdus = card.ApduCount;
        var id = key.GetProperty("privateKey").GetProperty("id").GetString();
        Assert.Equal(id, stored.GetProperty("certificates")[0].GetProperty("id").GetString());
        output.WriteLine($"{applet}: APDUs through pcscd incl. detection and reading: init {initApdus}, keygen rsa/2048 {keygenApdus}, import-cert {certApdus}");

        var p12 = CliPki.Pkcs12(dir, "p12 user", "secret");
        var imported = Sharpsc.Json("import-p12", p12, "--passphrase", "secret", "--pin", Sharpsc.Pin);
        Assert.Equal(2, imported.GetProperty("certificates").GetArrayLength());

        var dump = Sharpsc.Ok("dump").StdOut;
        output.WriteLine(dump);
        Assert.StartsWith("PKCS#15 Card [Seed Token]:", dump, StringComparison.Ordinal);
        foreach (var expected in new[]
                 {
                     "PIN [User PIN]", "Private RSA Key [rsa2048]", "Public RSA Key [rsa2048]", "X.509 Certificate [Certificate]",
                     "Private RSA Key [p12 user]", "X.509 Certificate [p12 user]", "X.509 Certificate [Throwaway Test CA]",
                     "Usage          : [0x2E], decrypt, sign, signRecover, unwrap", "Authority      : yes", "ModLength      : 2048",
                 })
            Assert.Contains(expected, dump, StringComparison.Ordinal);

        var list = Sharpsc.Json("list");
        Assert.Equal(2, list.GetProperty("privateKeys").GetArrayLength());
        Assert.Equal(3, list.GetProperty("certificates").GetArrayLength());
        var uri = list.GetProperty("privateKeys")[0].GetProperty("uri").GetString();
        Assert.StartsWith("pkcs11:token=Seed%20Token;id=%", uri, StringComparison.Ordinal);
        Assert.EndsWith(";object=rsa2048;type=private", uri, StringComparison.Ordinal);
    }

    [SharpscTheory]
    [InlineData("v0")]
    [InlineData("v1")]
    public void Ec_keys_on_p256_and_p384(string applet)
    {
        using var dir = new TempDir("cli-ec");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), applet);
        Sharpsc.Init();
        foreach (var (curve, bits, label) in new[] { ("prime256v1", 256, "p256"), ("secp384r1", 384, "p384") })
        {
            var key = Sharpsc.Json("keygen", "ec/" + curve, "--pin", Sharpsc.Pin, "--label", label);
            Assert.Equal(bits, key.GetProperty("privateKey").GetProperty("bits").GetInt32());
            var pem = dir.File(label + ".pem");
            File.WriteAllText(pem, key.GetProperty("publicKeyPem").GetString());
            var text = ProcessRunner.RunChecked("openssl", "pkey", "-pubin", "-in", pem, "-text", "-noout").StdOut;
            Assert.Contains($"({bits} bit)", text, StringComparison.Ordinal);
        }
        var dump = Sharpsc.Ok("dump").StdOut;
        Assert.Contains("Private EC Key [p256]", dump, StringComparison.Ordinal);
        Assert.Contains("FieldLength    : 384", dump, StringComparison.Ordinal);
        var info = Sharpsc.Json("info");
        Assert.Equal(2, info.GetProperty("keySlotsUsed").GetInt32());
        Assert.Equal(3, info.GetProperty("pin").GetProperty("triesLeft").GetInt32());
    }

    [SharpscFact]
    public void Rsa_4096_is_generated_on_v1()
    {
        using var dir = new TempDir("cli-rsa4096");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v1");
        Sharpsc.Init();
        var key = Sharpsc.Json("keygen", "rsa/4096", "--pin", Sharpsc.Pin);
        Assert.Equal(4096, key.GetProperty("privateKey").GetProperty("bits").GetInt32());
        output.WriteLine($"rsa/4096 on the v1 emulator: {key.GetProperty("seconds").GetDouble()} s");
        Assert.Contains("ModLength      : 4096", Sharpsc.Ok("dump").StdOut, StringComparison.Ordinal);
    }

    [SharpscFact]
    public void Readers_lists_the_test_reader_and_atr_prints_the_virtual_card_atr()
    {
        using var dir = new TempDir("cli-readers");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v1");
        var readers = JsonDocument.Parse(Sharpsc.Raw(["readers", "--json"]).StdOut).RootElement.GetProperty("readers");
        var ours = readers.EnumerateArray().Single(r => r.GetProperty("name").GetString() == VcardTestReader.Name);
        Assert.True(ours.GetProperty("cardPresent").GetBoolean());
        Assert.Contains("3B F9 13 00 00 81 31 FE 45 4A 43 4F 50 32 34 32 52 32 A3", Sharpsc.Ok("atr").StdOut, StringComparison.Ordinal);
        Assert.Contains("IsoApplet API 01.00", Sharpsc.Ok("info").StdOut, StringComparison.Ordinal);
    }
}
