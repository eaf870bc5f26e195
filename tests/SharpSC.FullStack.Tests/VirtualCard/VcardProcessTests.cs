using System.Diagnostics;
using System.Globalization;
using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.FullStack.Tests.VirtualCard;

/// <summary>The sharpsc-vcard program behind the real pcscd: speed, control socket, faults, crashes.</summary>
[Collection("pcsc")] // shares pcscd with every full-stack test (PcscCollection in main)
public sealed class VcardProcessTests(ITestOutputHelper output)
{
    private static readonly byte[] SelectApplet = Convert.FromHexString("00A404000CF276A288BCFBA69D34F31001");
    private static readonly byte[] SelectMf = Convert.FromHexString("00A4000C023F00");

    private static string Sw(byte[] response) => Convert.ToHexString(response[^2..]);

    private static Dictionary<string, long> Timing(VirtualCardProcess card) =>
        card.Control("timing").Split(' ').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));

    /// <summary>Sends <paramref name="count"/> APDUs through pcscd; returns (wall ms per APDU, emulator µs per APDU).</summary>
    private static (double WallMs, double CardUs) Measure(VirtualCardProcess card, int count)
    {
        using var pcsc = new PcscTestClient(VcardTestReader.Name);
        Assert.Equal("9000", Sw(pcsc.Transmit(SelectApplet)));
        pcsc.Transmit(SelectMf);
        card.Control("stats reset");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) Assert.Equal("9000", Sw(pcsc.Transmit(SelectMf)));
        watch.Stop();
        var timing = Timing(card);
        Assert.Equal(count, timing["apdus"]);
        return (watch.Elapsed.TotalMilliseconds / count, (double)timing["busy_us"] / count);
    }

    [VcardFact]
    public void FiveHundredApdus_RoundTripThroughPcscdQuickly_AndTcpTuningIsWhatMakesItFast()
    {
        using var dir = new TempDir("vcard-speed");
        double tunedWall, tunedCard;
        using (var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state")))
        {
            (tunedWall, tunedCard) = Measure(card, 500);
            Assert.Equal(500, card.ApduCount);
        }
        double plainWall, plainCard;
        using (var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), extraArgs: ["--no-tcp-tuning"]))
            (plainWall, plainCard) = Measure(card, 25);

        output.WriteLine($"with TCP_NODELAY+TCP_QUICKACK: {tunedWall:F3} ms wall and {tunedCard:F1} us in the emulator per APDU; 500 APDUs in {tunedWall * 500:F0} ms");
        output.WriteLine($"without:                       {plainWall:F3} ms wall and {plainCard:F1} us in the emulator per APDU");
        Assert.True(tunedCard * 500 < 100_000, $"500 APDUs took {tunedCard * 500 / 1000:F0} ms of emulator time");
        Assert.True(tunedWall * 500 < 2_000, $"500 APDUs took {tunedWall * 500:F0} ms through pcscd");
        Assert.True(plainWall > 5 * tunedWall, $"no TCP tuning: {plainWall:F1} ms per APDU, tuned: {tunedWall:F2} ms");
    }

    [VcardFact]
    public void ControlSocket_RemovesAndInsertsTheCard_AndCounts()
    {
        using var dir = new TempDir("vcard-control");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v0");
        card.Remove();
        Assert.Throws<PcscException>(() => new PcscTestClient(VcardTestReader.Name));
        card.Insert();
        Assert.Equal(2, Insertions(card));
        card.Control("stats reset");
        using (var pcsc = new PcscTestClient(VcardTestReader.Name))
            Assert.Equal("0006069000", Convert.ToHexString(pcsc.Transmit(SelectApplet)));
        var stats = card.ParseStats();
        Assert.Equal(1, stats["apdus"]);
        Assert.Equal(17, stats["bytes_in"]);
        Assert.Equal(5, stats["bytes_out"]);
        Assert.True(stats.ContainsKey("resets"));
    }

    [VcardFact]
    public async Task Faults_ReachTheHostThroughPcscd()
    {
        using var dir = new TempDir("vcard-faults");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"));
        using (var pcsc = new PcscTestClient(VcardTestReader.Name))
        {
            pcsc.Transmit(SelectApplet);
            Assert.Equal("ok", card.Control("fault sw=6F00 ins=84"));
            Assert.Equal("6F00", Convert.ToHexString(pcsc.Transmit(Convert.FromHexString("0084000008"))));
            Assert.Equal(10, pcsc.Transmit(Convert.FromHexString("0084000008")).Length);
            Assert.Equal("ok", card.Control("fault delay=300"));
            var watch = Stopwatch.StartNew();
            pcsc.Transmit(SelectMf);
            Assert.True(watch.ElapsedMilliseconds >= 290, $"delay fault took {watch.ElapsedMilliseconds} ms");
            // A card that never answers keeps the host waiting until the fault is cleared, then answers.
            Assert.Equal("ok", card.Control("fault hang ins=84"));
            var held = Task.Run(() => pcsc.Transmit(Convert.FromHexString("0084000008")));
            Assert.NotSame(held, await Task.WhenAny(held, Task.Delay(1500)));
            Assert.Equal("none", card.Control("fault list")); // the rule was used up by the command it holds
            Assert.Equal("ok", card.Control("fault clear"));
            Assert.Equal(10, (await held.WaitAsync(TimeSpan.FromSeconds(15))).Length);
            Assert.Equal("ok", card.Control("fault drop"));
            // vpcd ejects the card and pcscd either fails the transmission or hands back no status word.
            try
            {
                Assert.True(pcsc.Transmit(SelectMf).Length < 2);
            }
            catch (PcscException)
            {
            }
        }
        Assert.StartsWith("error:", card.Control("fault nonsense"), StringComparison.Ordinal);
        // The card comes back by itself (re-inserted after the drop).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Insertions(card) < 2 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.Equal(2, Insertions(card));
        card.WaitForReaderState(present: true, TimeSpan.FromSeconds(15));
        using var again = new PcscTestClient(VcardTestReader.Name);
        Assert.Equal("9000", Sw(again.Transmit(SelectApplet)));
    }

    [VcardFact]
    public void KillingTheProcessWhileItSaves_NeverCorruptsTheStateFile()
    {
        using var dir = new TempDir("vcard-kill");
        var state = dir.File("card.state");
        for (var round = 0; round < 3; round++)
        {
            using var process = Process.Start(new ProcessStartInfo(VcardTestReader.Binary)
            {
                ArgumentList = { "--port", VcardTestReader.Port.ToString(CultureInfo.InvariantCulture), "--state", state },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            Assert.Contains("card inserted", process.StandardOutput.ReadLine() ?? "", StringComparison.Ordinal);
            WaitForReader(present: true);
            using (var pcsc = new PcscTestClient(VcardTestReader.Name))
            {
                pcsc.Transmit(SelectApplet);
                if (round == 0) pcsc.Transmit(Convert.FromHexString("00E00000176F158102080082010183022F008608FF00000000000000"));
                pcsc.Transmit(Convert.FromHexString("00A4000C022F00"));
                var writes = Task.Run(() =>
                {
                    var data = new byte[255];
                    try
                    {
                        for (var i = 0; ; i++)
                        {
                            Array.Fill(data, (byte)i);
                            pcsc.Transmit([0x00, 0xD6, (byte)(i % 8), 0x00, 0xFF, .. data]); // every write saves the state
                        }
                    }
                    catch (PcscException)
                    {
                        // the card died under us
                    }
                });
                Thread.Sleep(300 + 150 * round);
                process.Kill(); // SIGKILL, mid-save most likely
                process.WaitForExit();
                writes.Wait(TimeSpan.FromSeconds(20));
            }
            WaitForReader(present: false);
            output.WriteLine($"round {round}: killed; state file {new FileInfo(state).Length} bytes");
        }
        // The file must load: start the card once more and read the EF.
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, state);
        using var check = new PcscTestClient(VcardTestReader.Name);
        check.Transmit(SelectApplet);
        Assert.Equal("9000", Sw(check.Transmit(Convert.FromHexString("00A4000C022F00"))));
        Assert.Equal("9000", Sw(check.Transmit(Convert.FromHexString("00B0000010"))));
        // Temporary files of killed saves are removed when the card opens its state again.
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private static int Insertions(VirtualCardProcess card) =>
        card.Output.Split('\n').Count(l => l.Contains("card inserted", StringComparison.Ordinal));

    private static void WaitForReader(bool present)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var r = ProcessRunner.Run("opensc-tool", ["--list-readers"], timeout: TimeSpan.FromSeconds(20));
            var line = r.StdOut.Split('\n').FirstOrDefault(l => l.EndsWith(VcardTestReader.Name, StringComparison.Ordinal));
            if (line != null && line.Contains(" Yes ", StringComparison.Ordinal) == present) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"{VcardTestReader.Name} did not become {(present ? "present" : "absent")}");
    }
}
