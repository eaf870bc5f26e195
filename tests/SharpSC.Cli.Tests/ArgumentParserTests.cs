using SharpSC.Cli.CommandLine;

namespace SharpSC.Cli.Tests;

public class ArgumentParserTests
{
    private static readonly CommandSpec Root = new("tool", "test tool")
    {
        Options = [new("help", 'h', null, "help"), new("reader", 'r', "READER", "reader"), new("json", null, null, "json")],
        Subcommands =
        [
            new("keygen", "make a key")
            {
                Arguments = ["ALGORITHM"],
                RequiredArguments = 1,
                Options = [new("label", null, "TEXT", "label"), new("reader", 'r', "READER", "reader"), new("json", null, null, "json"), new("help", 'h', null, "help")],
                Handler = _ => 0,
            },
            new("pin", "pins")
            {
                Subcommands = [new("change", "change") { Options = [new("pin", null, "PIN", "pin")], Handler = _ => 0 }],
            },
        ],
    };

    private static Invocation Parse(params string[] args) => ArgumentParser.Parse(Root, args);

    [Fact]
    public void Options_take_values_in_every_spelling_and_in_any_order()
    {
        var i = Parse("-r", "1", "keygen", "--label=my key", "rsa/2048", "--json");
        Assert.Equal("tool keygen", i.Path);
        Assert.Equal("1", i.Get("reader"));
        Assert.Equal("my key", i.Get("label"));
        Assert.True(i.Has("json"));
        Assert.Equal(["rsa/2048"], i.Arguments);
        Assert.Equal(["--label"], Parse("keygen", "--", "--label").Arguments);
        Assert.Equal("", Parse("keygen", "x", "--label", "").Get("label"));
    }

    [Fact]
    public void Subcommands_nest()
    {
        var i = Parse("pin", "change", "--pin", "1234");
        Assert.Equal("tool pin change", i.Path);
        Assert.Equal("1234", i.Get("pin"));
    }

    [Theory]
    [InlineData("unknown option --lable; did you mean --label?", "keygen", "rsa/2048", "--lable", "x")]
    [InlineData("--label needs a value (TEXT)", "keygen", "rsa/2048", "--label")]
    [InlineData("--label is given twice", "keygen", "rsa/2048", "--label", "a", "--label", "b")]
    [InlineData("'tool keygen' needs ALGORITHM", "keygen")]
    [InlineData("unexpected argument 'extra'", "keygen", "rsa/2048", "extra")]
    [InlineData("unknown command 'keygne'; did you mean keygen?", "keygne")]
    [InlineData("'tool pin' needs a command: change", "pin")]
    [InlineData("--json takes no value", "keygen", "x", "--json=yes")]
    [InlineData("unknown option -x", "keygen", "x", "-x")]
    [InlineData("'tool pin change' has no option --reader", "pin", "change", "--reader", "1")]
    public void Mistakes_are_usage_errors_in_plain_words(string message, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Help_is_accepted_anywhere_and_skips_the_other_checks()
    {
        Assert.True(Parse("keygen", "--help").HelpRequested);
        Assert.True(Parse("pin", "-h").HelpRequested);
        var text = HelpText.For(Root.Subcommands[0], "tool keygen", []);
        Assert.StartsWith("Usage: tool keygen ALGORITHM [options]\n\nmake a key\n", text, StringComparison.Ordinal);
        Assert.Contains("  -r, --reader READER  reader\n", text, StringComparison.Ordinal);
        Assert.Contains("      --label TEXT     label\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_and_exclusive_options_are_checked()
    {
        var i = Parse("keygen", "x", "--label", "12");
        Assert.Equal(12, i.GetInt("label"));
        Assert.Throws<UsageException>(() => Parse("keygen", "x", "--label", "-1").GetInt("label"));
        var both = Parse("keygen", "x", "--label", "a", "--json");
        Assert.Equal("--label and --json cannot be used together", Assert.Throws<UsageException>(() => both.Exclusive("label", "json")).Message);
    }
}
