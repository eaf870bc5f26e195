using System.Diagnostics;
using System.Globalization;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.VirtualCard;

/// <summary>sharpsc-vcard's options, errors and signal handling.</summary>
[Collection("pcsc")] // shares pcscd with every full-stack test (PcscCollection in main)
public sealed class VcardCommandLineTests
{
    [VcardFact]
    public void Help_DescribesTheOptions()
    {
        var r = ProcessRunner.Run(VcardTestReader.Binary, "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--port", "--state", "--applet v0|v1", "--host", "--control", "--atr", "--verbose" })
            Assert.Contains(option, r.StdOut, StringComparison.Ordinal);
    }

    [VcardFact]
    public void BadOptions_AreRefusedWithExitCode2()
    {
        foreach (var args in new[] { new[] { "--state" }, ["--state", "x", "--applet", "v2"], ["--state", "x", "--port", "99999"], ["--state", "x", "--atr", "12"], ["--frobnicate"], [] })
        {
            var r = ProcessRunner.Run(VcardTestReader.Binary, args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: {r}");
            Assert.Contains("sharpsc-vcard: error:", r.StdErr, StringComparison.Ordinal);
        }
    }

    [VcardFact]
    public void ACorruptStateFile_IsRefusedAndKept()
    {
        using var dir = new TempDir("vcard-cli");
        var state = dir.File("card.state");
        File.WriteAllText(state, "this is not a card");
        var r = ProcessRunner.Run(VcardTestReader.Binary, "--port", VcardTestReader.Port.ToString(CultureInfo.InvariantCulture), "--state", state);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("left untouched", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("this is not a card", File.ReadAllText(state));
    }

    [VcardFact]
    public void Sigterm_StopsCleanly()
    {
        using var dir = new TempDir("vcard-cli");
        using var process = Process.Start(new ProcessStartInfo(VcardTestReader.Binary)
        {
            ArgumentList = { "--port", VcardTestReader.Port.ToString(CultureInfo.InvariantCulture), "--state", dir.File("card.state"), "--applet", "v0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Assert.Contains("card inserted", process.StandardOutput.ReadLine() ?? "", StringComparison.Ordinal);
        Assert.Equal(0, ProcessRunner.Run("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture)).ExitCode);
        Assert.True(process.WaitForExit(10_000), "sharpsc-vcard did not stop on SIGTERM");
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("stopped", process.StandardError.ReadToEnd(), StringComparison.Ordinal);
        Assert.StartsWith("SSCVCARD", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(dir.File("card.state"))[..8]), StringComparison.Ordinal);
    }
}
