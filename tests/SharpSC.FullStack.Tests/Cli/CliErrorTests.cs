using SharpSC.FullStack.Tests.VirtualCard;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Cli;

/// <summary>Failures through the real stack: each a clear message, its exit code, no stack trace, and the card unchanged.</summary>
[Collection("pcsc")]
public sealed class CliErrorTests
{
    private static void AssertFails(ProcessResult r, int exitCode, string message)
    {
        Assert.True(r.ExitCode == exitCode, $"expected exit {exitCode}: {r}");
        Assert.Contains(message, r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Sharpsc.Pin, r.StdOut + r.StdErr, StringComparison.Ordinal);
    }

    [SharpscFact]
    public void Wrong_and_blocked_pins_bad_files_and_a_full_card_leave_the_card_unchanged()
    {
        using var dir = new TempDir("cli-errors");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v0");
        Sharpsc.Init();
        Sharpsc.Ok("keygen", "ec/prime256v1", "--pin", Sharpsc.Pin, "--label", "kept");
        var before = Sharpsc.Ok("dump").StdOut;

        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1", "--pin", "999999"), 4, "sharpsc: wrong PIN, 2 tries left");
        File.WriteAllText(dir.File("garbage.pem"), "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n");
        AssertFails(Sharpsc.Run("import-cert", dir.File("garbage.pem"), "--pin", Sharpsc.Pin), 6, "does not hold a valid PEM certificate");
        File.WriteAllBytes(dir.File("garbage.p12"), [0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03]);
        AssertFails(Sharpsc.Run("import-p12", dir.File("garbage.p12"), "--passphrase", "x", "--pin", Sharpsc.Pin), 6, "is not a PKCS#12 file");
        var p12 = CliPki.Pkcs12(dir, "someone", "right");
        AssertFails(Sharpsc.Run("import-p12", p12, "--passphrase", "wrong", "--pin", Sharpsc.Pin), 6, "wrong passphrase");
        AssertFails(Sharpsc.Run("keygen", "rsa/4096", "--pin", Sharpsc.Pin), 7, "cannot generate rsa/4096");
        // Without --pin and without a terminal the PIN cannot be asked for.
        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1"), 2, "no PIN given and no terminal to ask for it");
        Assert.Equal(before, Sharpsc.Ok("dump").StdOut);

        // A right PIN in between gave the tries back (rsa/4096 was refused after the PIN was verified).
        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1", "--pin", "999999"), 4, "wrong PIN, 2 tries left");
        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1", "--pin", "999999"), 4, "wrong PIN, 1 try left");
        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1", "--pin", "999999"), 4, "PIN blocked: unblock it with 'sharpsc pin unblock'");
        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1", "--pin", Sharpsc.Pin), 4, "PIN blocked");
        Assert.Equal(before, Sharpsc.Ok("dump").StdOut);
        Assert.Contains("blocked", Sharpsc.Ok("info").StdOut, StringComparison.Ordinal);
        Sharpsc.Ok("pin", "unblock", "--puk", Sharpsc.Puk, "--new-pin", Sharpsc.Pin);

        // Fill the card: the PrKDF (512 bytes) fills up after some keys.
        ProcessResult full;
        var keys = 0;
        while ((full = Sharpsc.Run("keygen", "ec/prime256v1", "--pin", Sharpsc.Pin, "--label", $"filler key number {keys}")).ExitCode == 0)
            Assert.True(++keys < 16, "the card never filled up");
        AssertFails(full, 5, "card is full");
        var filled = Sharpsc.Ok("dump").StdOut;
        AssertFails(Sharpsc.Run("keygen", "ec/prime256v1", "--pin", Sharpsc.Pin, "--label", "one more"), 5, "card is full");
        Assert.Equal(filled, Sharpsc.Ok("dump").StdOut);
    }

    [SharpscFact]
    public void Missing_readers_and_cards_are_named()
    {
        using var dir = new TempDir("cli-nocard");
        using var card = VirtualCardProcess.Start(VcardTestReader.Port, dir.File("card.state"), "v1");
        AssertFails(Sharpsc.Raw(["info", "--reader", "99"]), 3, "there is no reader 99");
        AssertFails(Sharpsc.Raw(["info", "--reader", "No Such Reader"]), 3, "no reader named 'No Such Reader'");
        card.Remove();
        try
        {
            var empty = Sharpsc.Run("info");
            AssertFails(empty, 3, "sharpsc: no card in reader ");
            Assert.Contains($"({VcardTestReader.Name})", empty.StdErr, StringComparison.Ordinal);
            // The generic commands look at the card before they ask for a family's secret (PIN, management key, admin PIN).
            AssertFails(Sharpsc.Run("keygen", "--slot", "9a", "rsa/2048"), 3, "sharpsc: no card in reader ");
            AssertFails(Sharpsc.Run("export"), 2, "export needs --id (PIV: or --slot; OpenPGP: --key)");
        }
        finally
        {
            card.Insert();
        }
        Assert.Equal(0, Sharpsc.Run("info").ExitCode);
        AssertFails(Sharpsc.Run("dump"), 8, "the card is not initialised: run 'sharpsc init' first");
        AssertFails(Sharpsc.Run("keygen", "--slot", "9a", "rsa/2048", "--pin", Sharpsc.Pin), 2, "--slot is for a PIV card; the card is a PKCS#15 card");
        AssertFails(Sharpsc.Run("openpgp", "set-attributes", "--key", "sig", "ed25519", "--admin-pin", "12345678"), 7, "not an OpenPGP card application");
    }
}
