using System.Text.Json;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Commands;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Output;
using SharpSC.Diagnostics;

namespace SharpSC.Cli;

/// <summary>The sharpsc command tree and its one entry point: parse, run, and turn every failure into a message and an exit code.</summary>
internal static class CliApp
{
    public const string Name = "sharpsc";

    public static string Version => typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static CommandSpec Root(CliEnvironment env)
    {
        var commands = new List<CommandSpec>
        {
            ReadersCommand.Create(env),
            AtrCommand.Create(env),
            InfoCommand.Create(env),
            InitCommand.Create(env),
            KeygenCommand.Create(env),
            ImportCertCommand.Create(env),
            ImportP12Command.Create(env),
            ImportDataCommand.Create(env),
            DumpCommand.CreateDump(env),
            DumpCommand.CreateList(env),
            ExportCommand.Create(env),
            PinCommand.Create(env),
            LabelCommand.Create(env),
            DeleteCommand.Create(env),
            EraseCommand.Create(env),
            Commands.Piv.PivCommand.Create(env),
            OpenPgpCommand.Create(env),
        };
        var root = new CommandSpec(Name, "Personalise and inspect smart cards: PKCS#15 (IsoApplet, MyEID, the SharpSC virtual card), PIV (YubiKey) and OpenPGP cards")
        {
            Options = [Options.Help, Options.Version, Options.Reader, Options.Json],
            Details = """
                Secrets: every command that needs the PIN (or PUK, passphrase, PIV management key, OpenPGP admin PIN)
                takes it as --pin VALUE, as --pin-env VARIABLE, or asks for it on the terminal without echo. Exit codes: 0 done, 1 failed,
                2 bad command line, 3 no reader or card, 4 wrong or blocked PIN, 5 card full, 6 bad input file,
                7 not supported by the card, 8 card not in the right state (see docs/CLI.md).
                Tracing: SHARPSC_DEBUG=3 logs every APDU to stderr (PINs and keys redacted).
                """,
        };
        commands.Add(new CommandSpec("help", "Show the help of a command")
        {
            Arguments = ["COMMAND"],
            Options = [Options.Help],
            Handler = i => Help(env, root with { Subcommands = commands }, i.Arguments),
        });
        return root with { Subcommands = commands };
    }

    public static int Run(IReadOnlyList<string> args, CliEnvironment env)
    {
        var json = args.Contains("--json");
        try
        {
            var root = Root(env);
            if (args.Count == 0)
            {
                env.Error.Write(HelpText.For(root, Name, []));
                return ExitCodes.Usage;
            }
            var invocation = ArgumentParser.Parse(root, args);
            if (invocation.Has("version") && invocation.Command == root)
            {
                env.Out.WriteLine($"{Name} {Version}");
                return ExitCodes.Success;
            }
            if (invocation.HelpRequested || invocation.Command.Handler is null)
            {
                env.Out.Write(HelpText.For(invocation.Command, invocation.Path, []));
                return invocation.HelpRequested ? ExitCodes.Success : ExitCodes.Usage;
            }
            return invocation.Command.Handler(invocation);
        }
        catch (Exception e)
        {
            var (code, message, kind) = ErrorReporter.Describe(e);
            env.Error.WriteLine($"{Name}: {message}");
            if (Log.IsEnabled(LogLevel.Debug))
                env.Error.WriteLine(e.ToString());
            if (json)
                env.Out.WriteLine(JsonSerializer.Serialize(new JsonErrorEnvelope(new JsonError(code, kind, message)), CliJson.Context.JsonErrorEnvelope));
            return code;
        }
    }

    private static int Help(CliEnvironment env, CommandSpec root, IReadOnlyList<string> path)
    {
        var command = root;
        var name = root.Name;
        foreach (var part in path)
        {
            command = command.FindSubcommand(part) ?? throw new UsageException($"unknown command '{part}'", name);
            name += " " + part;
        }
        env.Out.Write(HelpText.For(command, name, []));
        return ExitCodes.Success;
    }
}
