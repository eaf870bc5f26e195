using System.Text.RegularExpressions;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// samples/demo/demo.sh (what `./build.sh demo` runs) end to end, and what a newcomer does next: the demo
/// leaves its card running from artifacts/bin/sharpsc-vcard, a rebuild (`./build.sh`) replaces the built
/// files under it, a test run that needs the reader takes that card out and says so (`demo.sh resume` puts it
/// back), a demo run replaces an earlier card, and a demo that fails takes its own card out again. `demo.sh piv`
/// (`./build.sh demo piv`) tells the story on a virtual YubiKey and ends with an ssh login with the 9A key.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class DemoTests : IDisposable
{
    private readonly TempDir _dir = new("sharpsc-demo");

    private ProcessResult Demo(string[] args, IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["SHARPSC_DEMO_PORT"] = TokenReader.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHARPSC_DEMO_DIR"] = _dir.Path,
            ["OPENSSL_CONF"] = null,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return ProcessRunner.Run("bash", [Samples.PathOf("demo", "demo.sh"), .. args], env, timeout: TimeSpan.FromMinutes(5));
    }

    private int CardPid() => int.Parse(File.ReadAllText(_dir.File("card.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool Alive(int pid) => ReaderHolders.Alive(pid);

    private static void AssertTheDemoTokenAnswers()
    {
        var r = ProcessRunner.Run("pkcs11-tool", ["--module", RepoPaths.Module, "--list-token-slots"], timeout: TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("SharpSC Demo", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_tells_the_story_survives_a_rebuild_gives_way_to_tests_and_cleans_up_after_a_failure()
    {
        var first = Demo([]);
        Assert.True(first.ExitCode == 0, first.ToString());
        foreach (var expected in new[]
                 {
                     "The readers pcscd offers", TokenReader.Name, "The card's answer to reset", "The card driver that recognises it",
                     "Create the PKCS#15 application with a PIN and a PUK", "Generate an RSA-2048 key pair on the card",
                     "signed by the card through the OpenSSL engine", "cert.pem: OK", "Store the certificate on the card",
                     "What the card holds now", "ssh-rsa ", "Verified OK", "Keep playing", RepoPaths.Module,
                 })
            Assert.Contains(expected, first.StdOut, StringComparison.Ordinal);
        var card = CardPid();
        Assert.True(Alive(card), "the demo card is not left running");

        // A rebuild while the card runs from the built files: each file is replaced by a new one renamed over
        // it, so the build works ("Text file busy" before) and the running card keeps its image.
        var builtBefore = new FileInfo(RepoPaths.Bin("sharpsc-vcard")).LastWriteTimeUtc;
        var rebuild = ProcessRunner.Run(Path.Combine(RepoPaths.Root, "build.sh"), [], timeout: TimeSpan.FromMinutes(20), workingDirectory: RepoPaths.Root);
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.True(Alive(card), "the demo card died during the rebuild");
        Assert.EndsWith("(deleted)", new FileInfo($"/proc/{card}/exe").LinkTarget ?? "", StringComparison.Ordinal);
        Assert.True(new FileInfo(RepoPaths.Bin("sharpsc-vcard")).LastWriteTimeUtc >= builtBefore);
        AssertTheDemoTokenAnswers();

        // A test run that needs the reader takes the demo's card out, and says so on the screen.
        var notices = _dir.File("notices.log");
        Environment.SetEnvironmentVariable(TestNotice.Variable, notices);
        try
        {
            using (PortLock.Acquire(TokenReader.Port, TimeSpan.FromSeconds(60)))
            {
                Assert.False(Alive(card), "the demo card still runs although the reader's lock was taken");
                Assert.True(File.Exists(_dir.File("card.state")), "the demo card's state is gone");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(TestNotice.Variable, null);
        }
        var notice = File.ReadAllText(notices);
        Assert.Contains($"reader \"{TokenReader.Name}\" holds the card `./build.sh demo` left in it (pid {card}", notice, StringComparison.Ordinal);
        Assert.Contains("resume` puts it back", notice, StringComparison.Ordinal);

        // ... and `demo.sh resume` puts it back with what it held.
        var resume = Demo(["resume"]);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        var resumed = CardPid();
        Assert.True(Alive(resumed));
        AssertTheDemoTokenAnswers();

        // A demo run that fails half-way (here: openssl breaks) replaces the earlier card, then takes its own out.
        using var broken = new TempDir("sharpsc-demo-broken-openssl");
        File.WriteAllText(broken.File("openssl"), "#!/bin/sh\necho 'openssl: broken on purpose' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(broken.File("openssl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var failed = Demo([], new Dictionary<string, string?> { ["PATH"] = broken.Path + ":" + Environment.GetEnvironmentVariable("PATH") });
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"stopped the demo card (pid {resumed})", failed.StdOut, StringComparison.Ordinal);
        Assert.Contains("did not complete; taking its card out of the reader", failed.StdErr, StringComparison.Ordinal);
        Assert.False(Alive(resumed));
        Assert.False(File.Exists(_dir.File("card.pid")), "the failed demo left its card's pid file");
        using (PortLock.Acquire(TokenReader.Port, TimeSpan.FromSeconds(10))) { } // the reader is free again

        var stop = Demo(["stop"]);
        Assert.True(stop.ExitCode == 0, stop.ToString());
    }

    [Fact]
    public void The_piv_demo_ends_with_an_ssh_login_with_the_key_it_generated_in_9a()
    {
        var r = Demo(["piv"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var expected in new[]
                 {
                     "The readers pcscd offers", TokenReader.Name, "The card's answer to reset", "The PIV application",
                     "Generate an RSA-2048 key in slot 9A", "signed by the card through the OpenSSL engine", "cert.pem: OK",
                     "Store the certificate in slot 9A", "CN=SharpSC PIV demo", "ssh-rsa ", "A throwaway sshd on 127.0.0.1:",
                     $"logged in as {Environment.UserName} on ", "Keep playing", RepoPaths.Module,
                 })
            Assert.Contains(expected, r.StdOut, StringComparison.Ordinal);

        // sshd accepted the key of the certificate the demo made for 9A, and is gone.
        var publicKey = _dir.File("9a.pub");
        File.WriteAllText(publicKey, ProcessRunner.RunChecked("openssl", "x509", "-in", _dir.File("cert.pem"), "-pubkey", "-noout").StdOut);
        var sshKey = _dir.File("9a.ssh");
        File.WriteAllText(sshKey, SshClient.KeyFromPem(publicKey) + "\n");
        var fingerprint = ProcessRunner.RunChecked("ssh-keygen", "-l", "-f", sshKey).StdOut.Split(' ')[1];
        Assert.Matches($@"Accepted publickey for {Regex.Escape(Environment.UserName)} from 127\.0\.0\.1 .* RSA {Regex.Escape(fingerprint)}", r.StdOut);
        var sshd = int.Parse(Regex.Match(r.StdOut, @"sshd listens \(pid (\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"stopped the throwaway sshd (pid {sshd})", r.StdOut, StringComparison.Ordinal);
        Assert.False(Alive(sshd), "the demo's sshd still runs");
        Assert.True(Alive(CardPid()), "the PIV demo card is not left running");
    }

    public void Dispose()
    {
        Demo(["stop"]);
        _dir.Dispose();
    }
}
