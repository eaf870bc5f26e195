using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// samples/demo/demo.sh (what `./build.sh demo` runs) end to end, twice, then `demo.sh stop`: the
/// demo takes the token reader's lock itself and leaves its card running until stopped.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class DemoTests : IDisposable
{
    private readonly TempDir _dir = new("sharpsc-demo");

    private ProcessResult Demo(params string[] args) =>
        ProcessRunner.Run("bash", [Samples.PathOf("demo", "demo.sh"), .. args], new Dictionary<string, string?>
        {
            ["SHARPSC_DEMO_PORT"] = TokenReader.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHARPSC_DEMO_DIR"] = _dir.Path,
            ["OPENSSL_CONF"] = null,
        }, timeout: TimeSpan.FromMinutes(5));

    private int CardPid() => int.Parse(File.ReadAllText(_dir.File("card.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Running, and not a zombie waiting for a parent that does not reap it.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void The_demo_tells_the_story_runs_again_and_stops()
    {
        var first = Demo();
        Assert.True(first.ExitCode == 0, first.ToString());
        foreach (var expected in new[]
                 {
                     "The readers pcscd offers", TokenReader.Name, "The card's answer to reset", "The card driver that recognises it",
                     "Create the PKCS#15 application with a PIN and a PUK", "Generate an RSA-2048 key pair on the card",
                     "signed by the card through the OpenSSL engine", "cert.pem: OK", "Store the certificate on the card",
                     "What the card holds now", "ssh-rsa ", "Verified OK", "Keep playing", RepoPaths.Module,
                 })
            Assert.Contains(expected, first.StdOut, StringComparison.Ordinal);
        var firstCard = CardPid();
        Assert.True(Alive(firstCard), "the demo card is not left running");

        var second = Demo();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"stopped the demo card (pid {firstCard})", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("Verified OK", second.StdOut, StringComparison.Ordinal);
        var secondCard = CardPid();
        Assert.False(Alive(firstCard));
        Assert.True(Alive(secondCard));

        var stop = Demo("stop");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.False(Alive(secondCard));
        using (PortLock.Acquire(TokenReader.Port, TimeSpan.FromSeconds(10))) { } // the reader is free again
    }

    public void Dispose()
    {
        Demo("stop");
        _dir.Dispose();
    }
}
