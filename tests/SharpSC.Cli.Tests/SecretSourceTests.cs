using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Secrets;

namespace SharpSC.Cli.Tests;

public class SecretSourceTests
{
    private static readonly CommandSpec Command = new("tool", "t")
    {
        Options = [new("pin", null, "PIN", "p"), new("pin-env", null, "VAR", "e")],
        Handler = _ => 0,
    };

    private static Invocation Parse(params string[] args) => ArgumentParser.Parse(Command, args);

    [Fact]
    public void The_option_then_the_environment_then_the_terminal_give_the_secret()
    {
        var terminal = new FakeTerminal("4321");
        var env = new Dictionary<string, string> { ["CARD_PIN"] = "9999" };
        var source = new SecretSource(terminal, n => env.GetValueOrDefault(n));
        using (var pin = source.Get(Parse("--pin", "1234"), "pin", "PIN"))
            Assert.Equal("1234"u8.ToArray(), pin.Span.ToArray());
        using (var pin = source.Get(Parse("--pin-env", "CARD_PIN"), "pin", "PIN"))
            Assert.Equal("9999"u8.ToArray(), pin.Span.ToArray());
        using (var pin = source.Get(Parse(), "pin", "PIN"))
            Assert.Equal("4321"u8.ToArray(), pin.Span.ToArray());
        Assert.Equal(["PIN: "], terminal.Prompts);
    }

    [Fact]
    public void Without_a_terminal_the_error_says_how_to_give_it()
    {
        var source = new SecretSource(new FakeTerminal(null), _ => null);
        var e = Assert.Throws<CliException>(() => source.Get(Parse(), "pin", "PIN"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal("no PIN given and no terminal to ask for it: use --pin or --pin-env VARIABLE", e.Message);
        Assert.Contains("not set", Assert.Throws<CliException>(() => source.Get(Parse("--pin-env", "NOPE"), "pin", "PIN")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_pin_is_asked_twice_and_must_match()
    {
        var source = new SecretSource(new FakeTerminal("1111", "2222"), _ => null);
        Assert.Equal("the two new PIN entries differ", Assert.Throws<CliException>(() => source.Get(Parse(), "pin", "new PIN", confirm: true)).Message);
        var terminal = new FakeTerminal("1111", "1111");
        using var pin = new SecretSource(terminal, _ => null).Get(Parse(), "pin", "new PIN", confirm: true);
        Assert.Equal(["New PIN: ", "Repeat the new PIN: "], terminal.Prompts);
    }

    [Fact]
    public void A_secret_is_zeroed_when_disposed_and_never_printed()
    {
        var bytes = "1234"u8.ToArray();
        var secret = new Secret(bytes);
        Assert.Equal("<secret>", secret.ToString());
        secret.Dispose();
        Assert.All(bytes, b => Assert.Equal(0, b));
    }
}
