using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.FullStack.Tests.VirtualCard;

/// <summary>
/// Debian's OpenSC 0.23, unchanged, personalises and uses an IsoApplet v0 virtual card through pcscd and
/// vpcd: the peer that proves the emulator behaves like the genuine applet.
/// </summary>
[Collection("pcsc")] // shares pcscd with every full-stack test (PcscCollection in main)
public sealed class OpenScPeerTests(ITestOutputHelper output)
{
    private const string Pin = "123456";
    private static string Reader => VcardTestReader.Index;

    private static ProcessResult Tool(string file, params string[] args)
    {
        var r = ProcessRunner.Run(file, args, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)}: {r}");
        return r;
    }

    private static ProcessResult Pkcs11Tool(params string[] args) =>
        Tool("pkcs11-tool", ["--module", RepoPaths.OpenScModule, "--slot-index", Reader, .. args]);

    [VcardFact]
    public void OpenSc023_PersonalisesAndUsesAV0Card_AndTheCardSurvivesARestart()
    {
        using var dir = new TempDir("vcard-opensc");
        var state = dir.File("card.state");
        using (var card = VirtualCardProcess.Start(VcardTestReader.Port, state, "v0"))
        {
            Assert.Contains("Javacard with IsoApplet", Tool("opensc-tool", "-r", Reader, "-n").StdOut, StringComparison.Ordinal);

            Tool("pkcs15-init", "-r", Reader, "-C", "--so-pin", Pin, "--so-puk", "0123456789abcdef",
                "--pin", Pin, "--puk", "0123456789abcdef", "--label", "Test");
            Tool("pkcs15-init", "-r", Reader, "--generate-key", "rsa/2048", "--id", "01", "--auth-id", "FF",
                "--key-usage", "sign,decrypt", "--pin", Pin, "--label", "rsa2048");
            Tool("pkcs15-init", "-r", Reader, "--generate-key", "ec/prime256v1", "--id", "03", "--auth-id", "FF",
                "--key-usage", "sign", "--pin", Pin, "--label", "ecp256");

            var dump = Tool("pkcs15-tool", "-r", Reader, "--dump").StdOut;
            foreach (var expected in new[] { "PIN [User PIN]", "Private RSA Key [rsa2048]", "Private EC Key [ecp256]", "Public RSA Key [rsa2048]", "Public EC Key [ecp256]", "ModLength      : 2048", "FieldLength    : 256" })
                Assert.Contains(expected, dump, StringComparison.Ordinal);

            var test = Pkcs11Tool("--login", "--pin", Pin, "--test");
            output.WriteLine(test.StdOut);
            Assert.Contains("No errors", test.StdOut + test.StdErr, StringComparison.Ordinal);

            SignAndVerifyWithOpenSsl(dir, "before restart");
            DecryptWithTheCard(dir);
            output.WriteLine(card.Control("stats"));
        }

        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state));
        using (VirtualCardProcess.Start(VcardTestReader.Port, state, "v0"))
        {
            Assert.Contains("Private RSA Key [rsa2048]", Tool("pkcs15-tool", "-r", Reader, "--dump").StdOut, StringComparison.Ordinal);
            SignAndVerifyWithOpenSsl(dir, "after restart");
        }
    }

    [VcardFact]
    public void OpenSc023_ImportsRsaAndEcKeys_WithCommandChaining()
    {
        using var dir = new TempDir("vcard-opensc-import");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v0");
        Tool("pkcs15-init", "-r", Reader, "-C", "--so-pin", Pin, "--so-puk", "0123456789abcdef",
            "--pin", Pin, "--puk", "0123456789abcdef", "--label", "Import");
        var data = dir.File("data.txt");
        File.WriteAllText(data, "imported keys\n");
        foreach (var (id, generate, mechanism, digest) in new[]
                 {
                     ("11", new[] { "genrsa", "-out", dir.File("k11.pem"), "2048" }, "SHA256-RSA-PKCS", "-sha256"),
                     ("12", new[] { "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.File("k12.pem") }, "ECDSA-SHA1", "-sha1"),
                 })
        {
            var key = dir.File($"k{id}.pem");
            Tool("openssl", generate);
            Tool("pkcs15-init", "-r", Reader, "--store-private-key", key, "--id", id, "--auth-id", "FF", "--pin", Pin, "--key-usage", "sign");
            Tool("openssl", "pkey", "-in", key, "-pubout", "-out", dir.File($"p{id}.pem"));
            Pkcs11Tool("--login", "--pin", Pin, "--sign", "-m", mechanism, "--id", id, "-i", data, "-o", dir.File($"s{id}.bin"), "--signature-format", "openssl");
            Assert.Contains("Verified OK", Tool("openssl", "dgst", digest, "-verify", dir.File($"p{id}.pem"), "-signature", dir.File($"s{id}.bin"), data).StdOut, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("6F00", card.Output, StringComparison.Ordinal);
    }

    private void SignAndVerifyWithOpenSsl(TempDir dir, string when)
    {
        var data = dir.File("data.txt");
        File.WriteAllText(data, $"signed by the virtual card {when}\n");
        foreach (var (id, mechanism, digest) in new[] { ("01", "SHA256-RSA-PKCS", "-sha256"), ("03", "ECDSA-SHA1", "-sha1") })
        {
            var pub = dir.File($"pub{id}.pem");
            var sig = dir.File($"sig{id}.bin");
            Tool("pkcs15-tool", "-r", Reader, "--read-public-key", id, "-o", pub);
            Pkcs11Tool("--login", "--pin", Pin, "--sign", "-m", mechanism, "--id", id, "-i", data, "-o", sig, "--signature-format", "openssl");
            var verify = Tool("openssl", "dgst", digest, "-verify", pub, "-signature", sig, data);
            Assert.Contains("Verified OK", verify.StdOut, StringComparison.Ordinal);
        }
    }

    private static void DecryptWithTheCard(TempDir dir)
    {
        var plain = dir.File("plain.bin");
        var cipher = dir.File("cipher.bin");
        var back = dir.File("back.bin");
        File.WriteAllBytes(plain, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Tool("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", dir.File("pub01.pem"), "-in", plain, "-out", cipher);
        Pkcs11Tool("--login", "--pin", Pin, "--decrypt", "-m", "RSA-PKCS", "--id", "01", "-i", cipher, "-o", back);
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(back));
    }
}
