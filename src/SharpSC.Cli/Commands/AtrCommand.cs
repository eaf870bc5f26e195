using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc atr: the answer-to-reset of the card (as opensc-tool --atr).</summary>
internal static class AtrCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("atr", "Print the ATR (answer to reset) of the card")
    {
        Options = Options.CardAsAWhole,
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var reader = ReaderChoice.Pick(env.Readers.List(), invocation.Get("reader"));
        var atr = reader.Atr;
        if (atr.Length == 0)
        {
            using var transport = env.Readers.Connect(reader.Name);
            atr = transport.Atr.ToArray();
        }
        Print(env, invocation, new JsonAtr(reader.Name, Convert.ToHexString(atr)), CliJson.Context.JsonAtr, o =>
        {
            o.WriteLine($"Reader {reader.Index}: {reader.Name}");
            o.WriteLine(Hex(atr));
        });
        return 0;
    }
}
