using System.Text.RegularExpressions;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// Firefox ESR, headless, with the enterprise policy of samples/firefox/policies.json (SecurityDevices)
/// installed where Debian's Firefox reads system policies: Firefox registers the module in the new
/// profile, loads it, reads the token and keeps working.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class FirefoxTests(SharpscV1Card card) : IClassFixture<SharpscV1Card>
{
    /// <summary>Debian's firefox-esr reads system policies from /etc/firefox/policies (its SysConfD).</summary>
    internal const string PolicyFile = "/etc/firefox/policies/policies.json";

    [Fact]
    public void Firefox_loads_the_module_from_the_enterprise_policy()
    {
        var profile = Directory.CreateDirectory(card.Dir.File("firefox-profile")).FullName;
        var home = Directory.CreateDirectory(card.Dir.File("firefox-home")).FullName;
        var page = card.Dir.File("page.html");
        File.WriteAllText(page, "<html><body>SharpSC</body></html>");
        var screenshot = card.Dir.File("screenshot.png");
        var moduleLog = card.Dir.File("firefox-module.log");

        var policyExisted = File.Exists(PolicyFile);
        ProcessResult r;
        using (new TemporarySystemFile(PolicyFile, Samples.Read("firefox/policies.json", Module.Path)))
        {
            r = ProcessRunner.Run("firefox-esr", ["--headless", "--no-remote", "--profile", profile, "--screenshot", screenshot, "file://" + page],
                new Dictionary<string, string?>
                {
                    ["HOME"] = home,
                    ["SHARPSC_DEBUG"] = "2",
                    ["SHARPSC_LOG"] = moduleLog,
                    ["MOZ_CRASHREPORTER_SHUTDOWN"] = "1",
                },
                timeout: TimeSpan.FromSeconds(120));
        }
        Assert.Equal(policyExisted, File.Exists(PolicyFile));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(screenshot), "Firefox took no screenshot:\n" + r);
        var minidumps = Path.Combine(profile, "minidumps");
        Assert.True(!Directory.Exists(minidumps) || !Directory.EnumerateFiles(minidumps, "*.dmp").Any(), "Firefox crashed:\n" + r);

        var pkcs11Txt = File.ReadAllText(Path.Combine(profile, "pkcs11.txt"));
        Assert.Contains($"library={Module.Path}", pkcs11Txt, StringComparison.Ordinal);
        Assert.Contains("name=SharpSC", pkcs11Txt, StringComparison.Ordinal);

        var log = File.ReadAllLines(moduleLog);
        Assert.Contains(log, l => l.Contains("C_Initialize(", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains($"token \"{ClientCard.TokenLabel}\"", StringComparison.Ordinal));
        // Every call about our card's slot succeeded (the other reader may hold a card of another test).
        var slot = Regex.Match(string.Join('\n', log), $@"slot (\d+): reader ""{Regex.Escape(card.ReaderName)}""").Groups[1].Value;
        Assert.NotEmpty(slot);
        Assert.All(log.Where(l => l.Contains($"(slotID={slot}", StringComparison.Ordinal)), l => Assert.EndsWith("= CKR_OK", l[..l.LastIndexOf(" [", StringComparison.Ordinal)]));
    }
}
