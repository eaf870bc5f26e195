using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The Debian package (packaging/deb/build-deb.sh, what `./build.sh package` runs): lintian finds no error or
/// warning in it; installed into this machine with dpkg, the module is where p11-kit and OpenSC's tools find
/// it, the tools are on PATH with their manual pages (made from their --help) and sharpsc's bash completion;
/// then purged, leaving the machine as it was.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class DebianPackageTests(SharpscV1Card card) : IClassFixture<SharpscV1Card>
{
    private const string Package = "sharpsc";
    private const string InstalledModuleFile = "/usr/share/p11-kit/modules/sharpsc.module";

    private static readonly string[] InstalledFiles =
    [
        Samples.InstalledModule, "/usr/bin/sharpsc", "/usr/bin/sharpsc-vcard", InstalledModuleFile,
        "/usr/share/doc/sharpsc/README.md.gz", "/usr/share/doc/sharpsc/copyright", "/usr/share/doc/sharpsc/examples/engine.cnf",
        "/usr/share/doc/sharpsc/changelog.gz", "/usr/share/man/man1/sharpsc.1.gz", "/usr/share/man/man1/sharpsc-vcard.1.gz",
        "/usr/share/bash-completion/completions/sharpsc",
    ];

    private static bool Installed() =>
        ProcessRunner.Run("dpkg-query", "-W", "-f=${Status}", Package).StdOut.Contains("install ok installed", StringComparison.Ordinal);

    /// <summary>The installed manual page as man formats it for a terminal, plain text.</summary>
    private static string ManPage(string name)
    {
        var r = ProcessRunner.Run("man", ["-P", "cat", name], new Dictionary<string, string?> { ["MANWIDTH"] = "200", ["MAN_KEEP_FORMATTING"] = null });
        Assert.True(r.ExitCode == 0, $"man {name}: {r}");
        return System.Text.RegularExpressions.Regex.Replace(r.StdOut, ".\b", "");
    }

    private static IEnumerable<string> OptionsOf(string help) =>
        help.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.TrimStart().StartsWith('-'))
            .Select(l => l.TrimStart().Split("  ")[0]).SelectMany(o => o.Split(", ")).Select(o => o.Split(' ')[0]);

    /// <summary>What the installed completion offers for a partial command line (plain bash, no framework needed).</summary>
    private static string Complete(string line)
    {
        var script = "source /usr/share/bash-completion/completions/sharpsc; read -ra COMP_WORDS <<<\"$LINE\"; " +
            "[[ $LINE == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sharpsc; echo \"${COMPREPLY[*]}\"";
        var r = ProcessRunner.Run("bash", ["-c", script], new Dictionary<string, string?> { ["LINE"] = line });
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.StdOut.Trim();
    }

    /// <summary>dpkg, waiting while another apt/dpkg run holds its lock.</summary>
    private static ProcessResult Dpkg(params string[] args)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var r = ProcessRunner.Run("dpkg", args, timeout: TimeSpan.FromMinutes(3));
            if (r.ExitCode == 0 || !r.StdErr.Contains("lock", StringComparison.OrdinalIgnoreCase) || DateTime.UtcNow > deadline) return r;
            Thread.Sleep(2000);
        }
    }

    [Fact]
    public void The_package_installs_where_p11_kit_and_pkcs11_tool_find_the_module_and_purges_cleanly()
    {
        Assert.False(Installed(), $"a {Package} package is already installed on this machine; the test would replace it");
        var deb = ProcessRunner.Run("bash", Path.Combine(RepoPaths.Root, "packaging", "deb", "build-deb.sh"), card.Dir.Path);
        Assert.True(deb.ExitCode == 0, deb.ToString());
        var debFile = deb.StdOut.Trim();
        var contents = ProcessRunner.RunChecked("dpkg-deb", "--contents", debFile).StdOut;
        foreach (var file in InstalledFiles)
            Assert.Contains("." + file, contents, StringComparison.Ordinal);
        var lintian = ProcessRunner.Run("lintian", ["--fail-on", "error,warning", "--no-tag-display-limit", debFile], timeout: TimeSpan.FromMinutes(5));
        Assert.True(lintian.ExitCode == 0, "lintian: " + lintian);

        try
        {
            var install = Dpkg("-i", debFile);
            Assert.True(install.ExitCode == 0, install.ToString());
            Assert.All(InstalledFiles, f => Assert.True(File.Exists(f), f + " not installed"));

            var modules = ProcessRunner.Run("p11-kit", "list-modules");
            Assert.True(modules.ExitCode == 0, modules.ToString());
            var ours = modules.StdOut[modules.StdOut.IndexOf("sharpsc: sharpsc-pkcs11.so", StringComparison.Ordinal)..];
            Assert.Contains("library-manufacturer: SharpSC", ours, StringComparison.Ordinal);
            Assert.Contains("token: " + ClientCard.TokenLabel, ours, StringComparison.Ordinal);

            var slots = ProcessRunner.Run("pkcs11-tool", "--module", Samples.InstalledModule, "--list-slots");
            Assert.True(slots.ExitCode == 0, slots.ToString());
            Assert.Matches($@"Slot \d+ \(0x[0-9a-f]+\): {card.ReaderName}", slots.StdOut);
            Assert.Contains("token label        : " + ClientCard.TokenLabel, slots.StdOut, StringComparison.Ordinal);

            var readers = ProcessRunner.Run("sharpsc", "readers");
            Assert.True(readers.ExitCode == 0, readers.ToString());
            Assert.Contains(card.ReaderName, readers.StdOut, StringComparison.Ordinal);

            // The manual pages say what --help says: every command and every option of `sharpsc keygen`.
            var page = ManPage("sharpsc");
            foreach (var command in new[] { "readers", "keygen", "import-p12", "pin change", "pin unblock", "erase" })
                Assert.Contains(command, page, StringComparison.Ordinal);
            foreach (var option in OptionsOf(ProcessRunner.RunChecked("sharpsc", "keygen", "--help").StdOut))
                Assert.Contains(option, page, StringComparison.Ordinal);
            var vcardPage = ManPage("sharpsc-vcard");
            foreach (var option in OptionsOf(ProcessRunner.RunChecked("sharpsc-vcard", "--help").StdOut))
                Assert.Contains(option, vcardPage, StringComparison.Ordinal);

            // bash completes sharpsc's commands, a command's options and a subcommand.
            Assert.Equal("keygen", Complete("sharpsc ke"));
            Assert.Equal("--id --id-style", Complete("sharpsc keygen --i"));
            Assert.Equal("change unblock", Complete("sharpsc pin "));
        }
        finally
        {
            var purge = Dpkg("--purge", Package);
            Assert.True(purge.ExitCode == 0, purge.ToString());
        }
        Assert.False(Installed());
        Assert.All(InstalledFiles, f => Assert.False(File.Exists(f), f + " left behind"));
        Assert.False(Directory.Exists("/usr/share/doc/sharpsc"), "/usr/share/doc/sharpsc left behind");
    }
}
