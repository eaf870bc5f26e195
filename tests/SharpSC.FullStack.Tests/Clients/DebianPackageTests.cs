using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The Debian package (packaging/deb/build-deb.sh, what `./build.sh package` runs) installed into this
/// machine with dpkg: the module where p11-kit and OpenSC's tools find it, the tools on PATH; then
/// purged, leaving the machine as it was.
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
    ];

    private static bool Installed() =>
        ProcessRunner.Run("dpkg-query", "-W", "-f=${Status}", Package).StdOut.Contains("install ok installed", StringComparison.Ordinal);

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
