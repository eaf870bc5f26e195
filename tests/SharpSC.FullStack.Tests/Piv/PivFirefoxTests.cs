using System.Security.Cryptography;
using SharpSC.FullStack.Tests.Clients;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// NSS clients and the card authentication token (SHARPSC_PIV_CARD_AUTH_TOKEN). Firefox ESR, headless, with the module from the enterprise policy (samples/firefox/policies.json) and
/// SHARPSC_PIV_CARD_AUTH_TOKEN=only, certificate selection automatic, opens a page of a local HTTPS server that
/// requires a client certificate: Firefox authenticates with the card authentication key (9E) without any PIN.
/// The server checks the client certificate is 9E's; the page's script posts back what Firefox rendered. And
/// NSS's tstclnt, the module added without the FRIENDLY flag and the option "yes", authenticates with the 9E token
/// beside the PIV token without any PIN.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PivFirefoxTests(YubicoPivToolCard card) : IClassFixture<YubicoPivToolCard>
{
    [Fact]
    public void Firefox_authenticates_with_the_9e_key_without_a_pin()
    {
        var profile = Directory.CreateDirectory(card.Dir.File("firefox-9e-profile")).FullName;
        var home = Directory.CreateDirectory(card.Dir.File("firefox-9e-home")).FullName;
        var moduleLog = card.Dir.File("firefox-9e-module.log");
        var screenshot = card.Dir.File("firefox-9e.png");
        var ca = card.Dir.File("ca.pem");
        using var server = new ClientAuthWebServer(card.Dir, ca, card.Dir.File("ca.key"));

        // The profile trusts the test CA (it issued the server's certificate) and picks a client certificate itself.
        ProcessRunner.RunChecked("certutil", "-N", "-d", "sql:" + profile, "--empty-password");
        ProcessRunner.RunChecked("certutil", "-A", "-d", "sql:" + profile, "-n", "SharpSC test CA", "-t", "C,,", "-i", ca);
        File.WriteAllText(Path.Combine(profile, "user.js"),
            "user_pref(\"security.default_personal_cert\", \"Select Automatically\");\n" +
            "user_pref(\"browser.shell.checkDefaultBrowser\", false);\n");

        var policyExisted = File.Exists(FirefoxTests.PolicyFile);
        ProcessResult r;
        using (new TemporarySystemFile(FirefoxTests.PolicyFile, Samples.Read("firefox/policies.json", Module.Path)))
        {
            r = ProcessRunner.Run("firefox-esr", ["--headless", "--no-remote", "--profile", profile, "--screenshot", screenshot, server.Url],
                new Dictionary<string, string?>
                {
                    ["HOME"] = home,
                    ["SHARPSC_PIV_CARD_AUTH_TOKEN"] = "only",
                    ["SHARPSC_DEBUG"] = "2",
                    ["SHARPSC_LOG"] = moduleLog,
                    ["MOZ_CRASHREPORTER_SHUTDOWN"] = "1",
                },
                timeout: TimeSpan.FromSeconds(120));
        }
        Assert.Equal(policyExisted, File.Exists(FirefoxTests.PolicyFile));
        var context = $"{r}\n--- server ---\n{server.Log}\n--- module ---\n{(File.Exists(moduleLog) ? File.ReadAllText(moduleLog) : "(no log)")}";

        Assert.True(r.ExitCode == 0, context);
        var nineE = card.Certificate("9e").RawData;
        Assert.NotEmpty(server.ClientCertificates);
        Assert.All(server.ClientCertificates, c => Assert.Equal(Convert.ToHexString(SHA256.HashData(nineE)), Convert.ToHexString(SHA256.HashData(c))));
        Assert.Equal("Hello CN=piv-9e", server.RenderedText?.Trim());
        Assert.True(File.Exists(screenshot), context);

        var log = File.ReadAllLines(moduleLog);
        // NSS signs the TLS 1.3 CertificateVerify with CKM_ECDSA_SHA256 in parts: C_SignInit, C_SignUpdate, C_SignFinal.
        Assert.True(log.Any(l => (l.Contains("C_SignFinal(", StringComparison.Ordinal) || l.Contains("C_Sign(", StringComparison.Ordinal))
            && l.Contains("= CKR_OK", StringComparison.Ordinal)), context);
        Assert.DoesNotContain(log, l => l.Contains("C_Login(", StringComparison.Ordinal));
    }

    [Fact]
    public void Nss_tstclnt_authenticates_with_the_9e_token_beside_the_piv_token_without_a_pin()
    {
        var db = card.Dir.File($"nssdb-{Guid.NewGuid():N}");
        var added = ProcessRunner.Run("sh", Samples.PathOf("nss", "modutil.sh"), db, Module.Path);
        Assert.True(added.ExitCode == 0, added.ToString());
        var env = new Dictionary<string, string?> { ["SHARPSC_PIV_CARD_AUTH_TOKEN"] = "yes" };
        var token = $"YubiKey PIV #{PivReader.Serial()} Card Auth";
        var nickname = token + ":Certificate for Card Authentication";
        var list = ProcessRunner.Run("certutil", ["-L", "-d", "sql:" + db, "-h", token], env);
        Assert.Contains(nickname, list.StdOut, StringComparison.Ordinal);

        using var server = new TlsServer(card.Dir, card.Dir.File("ca.pem"));
        var r = server.Tstclnt(card.Dir, db, nickname, env: env);
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Subject: CN=piv-9e", r.StdOut, StringComparison.Ordinal);
    }
}
