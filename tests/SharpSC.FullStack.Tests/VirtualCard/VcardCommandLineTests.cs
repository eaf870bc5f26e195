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
        foreach (var option in new[] { "--port", "--state", "--applet LIST", "--host", "--control", "--atr", "--verbose" })
            Assert.Contains(option, r.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"\n +v0 +IsoApplet API 00\.06", r.StdOut); // the catalog's kinds, one per line
        Assert.Matches(@"\n +v1 +IsoApplet API 01\.00", r.StdOut);
    }

    [VcardFact]
    public void BadOptions_AreRefusedWithExitCode2()
    {
        using var dir = new TempDir("vcard-cli");
        var state = dir.File("never.state");
        foreach (var args in new[] { new[] { "--state" }, ["--state", state, "--applet", "v2"], ["--state", state, "--port", "99999"], ["--state", state, "--atr", "12"], ["--frobnicate"], [] })
        {
            var r = ProcessRunner.Run(VcardTestReader.Binary, args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: {r}");
            Assert.Contains("sharpsc-vcard: error:", r.StdErr, StringComparison.Ordinal);
        }
        foreach (var (list, reason) in new[]
        {
            ("v0,v1", "--applet: v0 and v1 cannot share a card: both are the applet with AID F276A288BCFBA69D34F31001"),
            ("v1,v1", "--applet: 'v1' is listed twice"),
            ("v1,", "--applet: empty applet name in 'v1,'"),
            ("v1,nonsuch", "--applet: unknown applet 'nonsuch' (known: v0, v1"),
        })
        {
            var r = ProcessRunner.Run(VcardTestReader.Binary, "--state", state, "--applet", list);
            Assert.True(r.ExitCode == 2, $"--applet {list}: {r}");
            Assert.Contains(reason, r.StdErr, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(state)); // a usage error touches no file
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
    public void AStateFileOfOtherApplets_IsRefused_AndWithoutAppletTheFileDecides()
    {
        using var dir = new TempDir("vcard-cli");
        var state = dir.File("card.state");
        using (VirtualCardProcess.Start(VcardTestReader.Port, state, "v0"))
        {
        }
        var r = ProcessRunner.Run(VcardTestReader.Binary, "--port", VcardTestReader.Port.ToString(CultureInfo.InvariantCulture), "--state", state, "--applet", "v1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("holds a card with v0, not v1; use --applet v0 or another state file", r.StdErr, StringComparison.Ordinal);
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, state, applet: null);
        Assert.Contains("(IsoApplet v0, state ", card.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// SIGTERM and SIGINT stop a card that is in the reader and has served a host, whatever the host is doing:
    /// holding a transaction, gone idle, or waiting for a command the card holds (fault hang). The card exits
    /// 0 within a second (asserted with slack for a loaded machine; the time is printed) and keeps its state.
    /// </summary>
    [VcardFact]
    public async Task StopSignals_EndACardThatServedAHost_AtAnyMoment_AndItKeepsItsState()
    {
        using var dir = new TempDir("vcard-cli");
        var state = dir.File("card.state");
        var times = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var (signal, moment) = round switch { 0 => ("TERM", "a host holds a transaction"), 1 => ("INT", "idle"), _ => ("TERM", "a command hangs") };
            var card = VirtualCardProcess.Start(VcardTestReader.Port, state, "v1");
            var pcsc = new PcscTestClient(VcardTestReader.Name);
            Task<byte[]>? hung = null;
            try
            {
                Assert.Equal("9000", Sw(pcsc.Transmit(SelectApplet)));
                if (round == 0) pcsc.Transmit(Convert.FromHexString("00E00000176F158102008082010183022F008608FF00000000000000"));
                Assert.Equal("9000", Sw(pcsc.Transmit(Convert.FromHexString("00A4000C022F00"))));
                Assert.Equal("9000", Sw(pcsc.Transmit([0x00, 0xD6, 0x00, (byte)round, 0x01, (byte)(0xA0 + round)])));
                switch (round)
                {
                    case 0:
                        pcsc.BeginTransaction();
                        break;
                    case 1:
                        pcsc.Dispose();
                        Thread.Sleep(300);
                        break;
                    default:
                        Assert.Equal("ok", card.Control("fault hang ins=B0"));
                        hung = Task.Run(() => pcsc.Transmit(Convert.FromHexString("00B0000001")));
                        Assert.NotSame(hung, await Task.WhenAny(hung, Task.Delay(500))); // held, not answered
                        break;
                }
                var took = card.Signal(signal, TimeSpan.FromSeconds(10));
                times.Add($"SIG{signal} while {moment}: exited in {took.TotalMilliseconds:F0} ms");
                Assert.Equal(0, card.ExitCode);
                Assert.True(took < TimeSpan.FromSeconds(2), times[^1] + "\n" + card.Output);
                Assert.Contains("stopped", card.Output, StringComparison.Ordinal);
                if (hung != null)
                {
                    // the host's transmission ends with an error or without a status word once the card is gone
                    var ended = await hung.ContinueWith(t => t.IsFaulted || t.Result.Length < 2, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(15));
                    Assert.True(ended, "the held command got an answer after the card stopped");
                }
            }
            finally
            {
                pcsc.Dispose();
                card.Dispose();
            }
        }
        foreach (var t in times) Console.WriteLine(t);

        // Each round's write survived its signal.
        using var again = VirtualCardProcess.Start(VcardTestReader.Port, state);
        using var check = new PcscTestClient(VcardTestReader.Name);
        check.Transmit(SelectApplet);
        check.Transmit(Convert.FromHexString("00A4000C022F00"));
        Assert.Equal("A0A1A29000", Convert.ToHexString(check.Transmit(Convert.FromHexString("00B0000003"))));
    }

    private static readonly byte[] SelectApplet = Convert.FromHexString("00A404000CF276A288BCFBA69D34F31001");

    private static string Sw(byte[] response) => Convert.ToHexString(response[^2..]);
}
