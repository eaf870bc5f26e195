using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc readers: the PC/SC readers and whether a card is in them (as opensc-tool --list-readers).</summary>
internal static class ReadersCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("readers", "List the smart card readers and whether a card is in them")
    {
        Options = [Options.Json, Options.Help],
        Details = "The index in the first column is what -r/--reader takes.",
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var readers = env.Readers.List();
        var json = new JsonReaders(readers.Select(r => new JsonReader(r.Index, r.Name, r.CardPresent, r.Atr.Length > 0 ? Convert.ToHexString(r.Atr) : null)).ToList());
        Print(env, invocation, json, CliJson.Context.JsonReaders, o =>
        {
            if (readers.Count == 0)
            {
                o.WriteLine("No smart card readers found.");
                return;
            }
            o.WriteLine("Nr.  Card  Name");
            foreach (var r in readers)
                o.WriteLine($"{r.Index,-4} {(r.CardPresent ? "Yes" : "No"),-5} {r.Name}");
        });
        return 0;
    }
}
