using System.Text.Json;
using SharpSC.Cli.Errors;
using SharpSC.VirtualCard;

namespace SharpSC.Cli.Tests;

/// <summary>The commands end to end in-process: argument parsing, the card through the emulator, output and exit codes.</summary>
public class CommandTests
{
    [Fact]
    public void The_seed_flow_init_keygen_import_cert_list_and_dump_works()
    {
        var cli = new CliHarness().Initialised("My Token");
        var key = cli.Ok("keygen", "rsa/2048", "--pin", CliHarness.Pin, "--label", "signing", "--id", "45", "-r", "1");
        Assert.Contains("Generated RSA-2048 key in slot 0", key.Out, StringComparison.Ordinal);
        Assert.Contains("pkcs11:token=My%20Token;id=%45;object=signing;type=private", key.Out, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", key.Out, StringComparison.Ordinal);

        var json = JsonDocument.Parse(cli.Ok("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--json").Out).RootElement;
        Assert.Equal("secp256r1", json.GetProperty("privateKey").GetProperty("curve").GetString());
        Assert.Equal(1, json.GetProperty("privateKey").GetProperty("keyReference").GetInt32());

        var pem = cli.Ok("export", "--id", "45").Out;
        Assert.Contains(key.Out[key.Out.IndexOf("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal)..], pem, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CardState, cli.Run("export", "--id", "46").ExitCode);
        Assert.Equal(ExitCodes.CardState, cli.Run("export", "--id", "45", "--type", "cert").ExitCode);

        var list = cli.Ok("list");
        Assert.Contains("Private RSA-2048 key \"signing\"", list.Out, StringComparison.Ordinal);
        Assert.Contains("Private EC secp256r1 key \"Private Key\"", list.Out, StringComparison.Ordinal);
        var dump = cli.Ok("dump");
        Assert.StartsWith("PKCS#15 Card [My Token]:", dump.Out, StringComparison.Ordinal);
        Assert.Contains("Private RSA Key [signing]", dump.Out, StringComparison.Ordinal);
        var card = JsonDocument.Parse(cli.Ok("dump", "--json").Out).RootElement;
        Assert.Equal(2, card.GetProperty("privateKeys").GetArrayLength());
        Assert.Equal("My Token", card.GetProperty("token").GetProperty("label").GetString());
    }

    [Fact]
    public void A_wrong_pin_reports_the_tries_left_and_a_blocked_pin_says_how_to_unblock()
    {
        var cli = new CliHarness().Initialised();
        var wrong = cli.Run("keygen", "ec/prime256v1", "--pin", "999999");
        Assert.Equal(ExitCodes.Authentication, wrong.ExitCode);
        Assert.Equal("sharpsc: wrong PIN, 2 tries left\n", wrong.Error);
        cli.Run("keygen", "ec/prime256v1", "--pin", "999999");
        // The third wrong PIN blocks it (the applet answers 63C0).
        Assert.Equal("sharpsc: PIN blocked: unblock it with 'sharpsc pin unblock'\n", cli.Run("keygen", "ec/prime256v1", "--pin", "999999").Error);
        var blocked = cli.Run("keygen", "ec/prime256v1", "--pin", CliHarness.Pin);
        Assert.Equal(ExitCodes.Authentication, blocked.ExitCode);
        Assert.Equal("sharpsc: PIN blocked: unblock it with 'sharpsc pin unblock'\n", blocked.Error);
        Assert.Contains("blocked", cli.Ok("info").Out, StringComparison.Ordinal);

        var wrongPuk = cli.Run("pin", "unblock", "--puk", "fedcba9876543210", "--new-pin", "4321");
        Assert.Equal("sharpsc: wrong PUK, 4 tries left\n", wrongPuk.Error);
        cli.Ok("pin", "unblock", "--puk", CliHarness.Puk, "--new-pin", "4321");
        cli.Ok("pin", "change", "--pin", "4321", "--new-pin", CliHarness.Pin);
        cli.Ok("keygen", "ec/prime256v1", "--pin", CliHarness.Pin);
    }

    [Fact]
    public void Garbage_input_files_fail_before_the_card_is_touched()
    {
        var cli = new CliHarness().Initialised();
        var before = cli.Ok("dump").Out;
        cli.Files["bad.pem"] = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"u8.ToArray();
        cli.Files["bad.der"] = [0x30, 0x03, 0x02, 0x01, 0x01];
        cli.Files["bad.p12"] = "this is no PKCS#12"u8.ToArray();
        foreach (var args in new[]
                 {
                     new[] { "import-cert", "bad.pem", "--pin", CliHarness.Pin },
                     ["import-cert", "bad.der", "--pin", CliHarness.Pin],
                     ["import-p12", "bad.p12", "--passphrase", "x", "--pin", CliHarness.Pin],
                     ["import-cert", "missing.pem", "--pin", CliHarness.Pin],
                 })
        {
            var result = cli.Run(args);
            Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
        Assert.Equal(before, cli.Ok("dump").Out);
    }

    [Fact]
    public void Missing_cards_readers_and_structures_have_their_own_messages()
    {
        var cli = new CliHarness();
        var empty = cli.Run("info", "-r", "0");
        Assert.Equal((ExitCodes.NoCard, "sharpsc: no card in reader 0 (Empty Reader 00)\n"), (empty.ExitCode, empty.Error));
        Assert.Equal(ExitCodes.NoCard, cli.Run("info", "-r", "5").ExitCode);
        var blank = cli.Run("dump");
        Assert.Equal(ExitCodes.CardState, blank.ExitCode);
        Assert.Equal("sharpsc: the card is not initialised: run 'sharpsc init' first\n", blank.Error);
        Assert.Equal(ExitCodes.CardState, cli.Run("keygen", "rsa/2048", "--pin", "1234").ExitCode);
        cli.Initialised();
        var again = cli.Run("init", "--label", "Again", "--pin", CliHarness.Pin, "--puk", CliHarness.Puk);
        Assert.Equal(ExitCodes.CardState, again.ExitCode);
        Assert.Contains("erase it first", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_requests_and_bad_arguments_exit_with_their_codes()
    {
        var cli = new CliHarness(AppletVersion.V0).Initialised();
        Assert.Equal(ExitCodes.NotSupported, cli.Run("keygen", "rsa/4096", "--pin", CliHarness.Pin).ExitCode);
        Assert.Equal(ExitCodes.Usage, cli.Run("keygen", "dsa/1024", "--pin", CliHarness.Pin).ExitCode);
        Assert.Equal(ExitCodes.Usage, cli.Run("keygen", "rsa/2048", "--id", "xyz").ExitCode);
        Assert.Equal(ExitCodes.Usage, cli.Run("keygen", "rsa/2048", "--usage", "fly").ExitCode);
        Assert.Equal(ExitCodes.Usage, cli.Run("frobnicate").ExitCode);
        var so = new CliHarness().Run("init", "--label", "x", "--pin", CliHarness.Pin, "--no-puk", "--so-pin", "1234");
        Assert.Equal(ExitCodes.NotSupported, so.ExitCode);
        Assert.Contains("no SO PIN", so.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(cli.Run("keygen", "rsa/4096", "--pin", CliHarness.Pin, "--json").Out).RootElement.GetProperty("error");
        Assert.Equal(ExitCodes.NotSupported, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("not-supported", json.GetProperty("kind").GetString());
    }

    [Fact]
    public void Init_asks_for_the_secrets_it_was_not_given_and_fails_clearly_without_a_terminal()
    {
        var cli = new CliHarness();
        var noTerminal = cli.Run("init", "--label", "T");
        Assert.Equal(ExitCodes.Usage, noTerminal.ExitCode);
        Assert.Contains("no new PIN given and no terminal to ask for it", noTerminal.Error, StringComparison.Ordinal);
        var terminal = new FakeTerminal("123456", "123456", CliHarness.Puk, CliHarness.Puk);
        cli.Terminal = terminal;
        cli.Ok("init", "--label", "T");
        Assert.Equal(["New PIN: ", "Repeat the new PIN: ", "PUK: ", "Repeat the PUK: "], terminal.Prompts);
        cli.Variables["MY_PIN"] = CliHarness.Pin;
        cli.Ok("keygen", "ec/prime256v1", "--pin-env", "MY_PIN");
    }

    [Fact]
    public void Delete_label_and_erase_change_what_list_shows()
    {
        var cli = new CliHarness(AppletVersion.V1).Initialised();
        cli.Ok("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--id", "01", "--label", "one");
        cli.Ok("keygen", "ec/prime256v1", "--pin", CliHarness.Pin, "--id", "02", "--label", "two");
        cli.Files["note.txt"] = "hello"u8.ToArray();
        cli.Ok("import-data", "note.txt", "--pin", CliHarness.Pin, "--private");
        cli.Ok("label", "renamed", "--id", "02", "--pin", CliHarness.Pin);
        cli.Ok("label", "New Token", "--pin", CliHarness.Pin);
        var deleted = cli.Ok("delete", "--id", "01", "--pin", CliHarness.Pin);
        Assert.Contains("Deleted private key \"one\" (id 01, slot 0)", deleted.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CardState, cli.Run("delete", "--id", "01", "--pin", CliHarness.Pin).ExitCode);

        var list = cli.Ok("list").Out;
        Assert.DoesNotContain("\"one\"", list, StringComparison.Ordinal);
        Assert.Contains("key \"renamed\"", list, StringComparison.Ordinal);
        Assert.Contains("Private data object \"note.txt\"", list, StringComparison.Ordinal);
        Assert.Contains("Token \"New Token\"", list, StringComparison.Ordinal);

        var erased = cli.Ok("erase", "--pin", CliHarness.Pin);
        Assert.Contains("Overwrote key slot 1", erased.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CardState, cli.Run("list").ExitCode);
        cli.Ok("init", "--label", "Again", "--pin", CliHarness.Pin, "--no-puk");
    }

    [Fact]
    public void Every_command_has_help_and_the_tool_a_version()
    {
        var cli = new CliHarness();
        Assert.StartsWith("Usage: sharpsc COMMAND [options]", cli.Ok("--help").Out, StringComparison.Ordinal);
        Assert.Matches(@"^sharpsc \d+\.\d+\.\d+\n$", cli.Ok("--version").Out);
        foreach (var command in new[] { "readers", "atr", "info", "init", "keygen", "import-cert", "import-p12", "import-data", "dump", "list", "export", "pin", "label", "delete", "erase", "help" })
        {
            var help = cli.Ok(command, "--help").Out;
            Assert.StartsWith($"Usage: sharpsc {command}", help, StringComparison.Ordinal);
            Assert.Equal(help, cli.Ok("help", command).Out);
        }
        Assert.StartsWith("Usage: sharpsc pin unblock", cli.Ok("pin", "unblock", "--help").Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, cli.Run("pin").ExitCode);
        var bare = cli.Run();
        Assert.Equal((ExitCodes.Usage, ""), (bare.ExitCode, bare.Out));
        Assert.StartsWith("Usage: sharpsc COMMAND [options]", bare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Readers_and_atr_list_what_the_reader_source_has()
    {
        var cli = new CliHarness();
        Assert.Equal("Nr.  Card  Name\n0    No    Empty Reader 00\n1    Yes   Emulated Reader 01\n", cli.Ok("readers").Out);
        Assert.Equal("Reader 1: Emulated Reader 01\n3B F9 13 00 00 81 31 FE 45 4A 43 4F 50 32 34 32 52 32 A3\n", cli.Ok("atr").Out);
        var json = JsonDocument.Parse(cli.Ok("readers", "--json").Out).RootElement.GetProperty("readers");
        Assert.False(json[0].GetProperty("cardPresent").GetBoolean());
        Assert.Equal("3BF91300008131FE454A434F503234325232A3", json[1].GetProperty("atr").GetString());
    }
}
