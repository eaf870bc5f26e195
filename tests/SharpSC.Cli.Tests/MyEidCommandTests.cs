using System.Text.Json;
using SharpSC.Cli.Errors;
using SharpSC.VirtualCard;

namespace SharpSC.Cli.Tests;

/// <summary>sharpsc on a MyEID card: init with and without SO PIN, keys, certificate, dump, erase with the SO PIN.</summary>
public sealed class MyEidCommandTests
{
    private const string Puk = "12345678";
    private const string SoPin = "00000000";

    [Fact]
    public void The_seed_flow_with_an_so_pin_and_an_erase_that_needs_it()
    {
        var cli = new CliHarness(EmulatedCard.Create("myeid"));
        var init = cli.Ok("init", "--label", "MyEID token", "--pin", CliHarness.Pin, "--puk", Puk, "--so-pin", SoPin, "--so-puk", SoPin);
        Assert.Contains("auth-id 01, reference 1", init.Out, StringComparison.Ordinal);
        Assert.Contains("SO PIN", init.Out, StringComparison.Ordinal);
        var again = cli.Run("init", "--label", "again", "--pin", CliHarness.Pin, "--puk", Puk);
        Assert.Equal(ExitCodes.CardState, again.ExitCode);
        Assert.Contains("erase", again.Error, StringComparison.Ordinal);

        var rsa = cli.Ok("keygen", "rsa/2048", "--pin", CliHarness.Pin, "--id", "01", "--label", "sign");
        Assert.Contains("-----BEGIN PUBLIC KEY-----", rsa.Out, StringComparison.Ordinal);
        var ec = JsonDocument.Parse(cli.Ok("keygen", "ec/secp384r1", "--pin", CliHarness.Pin, "--id", "02", "--json").Out).RootElement;
        Assert.Equal("secp384r1", ec.GetProperty("privateKey").GetProperty("curve").GetString());
        Assert.Equal(2, ec.GetProperty("privateKey").GetProperty("keyReference").GetInt32());
        Assert.Equal(ExitCodes.NotSupported, cli.Run("keygen", "rsa/8192", "--pin", CliHarness.Pin).ExitCode);

        var dump = cli.Ok("dump").Out;
        Assert.StartsWith("PKCS#15 Card [MyEID token]:", dump, StringComparison.Ordinal);
        Assert.Contains("Security Officer PIN", dump, StringComparison.Ordinal);
        Assert.Contains("Path           : 3f0050154b01", dump, StringComparison.Ordinal);

        // The user PIN may not erase a token that has an SO PIN; a wrong SO PIN says so; the right one erases.
        var refused = cli.Run("erase", "--pin", CliHarness.Pin);
        Assert.Equal(ExitCodes.Authentication, refused.ExitCode);
        Assert.Contains("--so-pin", refused.Error, StringComparison.Ordinal);
        var wrong = cli.Run("erase", "--so-pin", "99999999");
        Assert.Equal("sharpsc: wrong SO PIN, 2 tries left\n", wrong.Error);
        var erased = cli.Ok("erase", "--so-pin", SoPin).Out;
        Assert.Contains("initialise applet", erased, StringComparison.Ordinal);
        Assert.DoesNotContain("kept the PIN", erased, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CardState, cli.Run("list").ExitCode);
        cli.Ok("init", "--label", "fresh", "--pin", "4321", "--puk", Puk, "--no-so-pin");
    }

    /// <summary>The guide's PIN steps on MyEID: each PIN has its own PUK (RESET RETRY COUNTER under the PIN's reference).</summary>
    [Fact]
    public void Info_export_pin_change_and_unblock_with_the_pin_own_puk()
    {
        var cli = new CliHarness(EmulatedCard.Create("myeid"));
        cli.Ok("init", "--label", "pins", "--pin", CliHarness.Pin, "--puk", Puk, "--no-so-pin");
        var info = cli.Ok("info").Out;
        Assert.Contains("MyEID", info, StringComparison.Ordinal);
        var key = cli.Ok("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--id", "01").Out;
        var exported = cli.Ok("export", "--id", "01").Out;
        Assert.Contains(exported.Trim(), key, StringComparison.Ordinal);

        cli.Ok("pin", "change", "--pin", CliHarness.Pin, "--new-pin", "2468");
        Assert.Equal(ExitCodes.Authentication, cli.Run("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--id", "02").ExitCode);
        Assert.Equal(ExitCodes.Authentication, cli.Run("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--id", "02").ExitCode);
        Assert.Equal(ExitCodes.Authentication, cli.Run("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--id", "02").ExitCode);
        Assert.Contains("blocked", cli.Run("keygen", "ec/prime256v1", "--pin", "2468", "--id", "02").Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Authentication, cli.Run("pin", "unblock", "--puk", "87654321", "--new-pin", "1357").ExitCode);
        cli.Ok("pin", "unblock", "--puk", Puk, "--new-pin", "1357");
        cli.Ok("keygen", "ec/prime256v1", "--pin", "1357", "--id", "02");
        Assert.Contains("Private EC Key", cli.Ok("dump").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_without_so_pin_is_erased_with_the_user_pin()
    {
        var cli = new CliHarness(EmulatedCard.Create("myeid"));
        var init = cli.Ok("init", "--label", "one PIN", "--pin", CliHarness.Pin, "--puk", Puk, "--no-so-pin");
        Assert.Contains("the user PIN also guards", init.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Security Officer PIN", cli.Ok("dump").Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, cli.Run("init", "--label", "x", "--pin", CliHarness.Pin, "--so-puk", SoPin).ExitCode);
        cli.Ok("keygen", "ec/prime256v1", "--pin", CliHarness.Pin);
        cli.Ok("erase", "--pin", CliHarness.Pin);
        Assert.Equal(ExitCodes.CardState, cli.Run("list").ExitCode);
    }
}
