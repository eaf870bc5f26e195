using System.Text;

namespace SharpSC.Cli.CommandLine;

/// <summary>--help text of a command: usage line, summary, details, subcommands, options.</summary>
internal static class HelpText
{
    public static string For(CommandSpec command, string path, IReadOnlyList<OptionSpec> common)
    {
        var text = new StringBuilder();
        var args = string.Concat(command.Arguments.Select((a, i) => i < command.RequiredArguments ? " " + a : $" [{a}]"));
        var sub = command.Subcommands.Count > 0 ? " COMMAND" : "";
        text.Append("Usage: ").Append(path).Append(sub).Append(args).Append(" [options]\n\n");
        text.Append(command.Summary).Append('\n');
        if (command.Details is { } details)
            text.Append('\n').Append(details.TrimEnd()).Append('\n');
        if (command.Subcommands.Count > 0)
        {
            text.Append("\nCommands:\n");
            var width = command.Subcommands.Max(c => c.Name.Length) + 2;
            foreach (var c in command.Subcommands)
                text.Append("  ").Append(c.Name.PadRight(width)).Append(c.Summary).Append('\n');
            text.Append($"\nRun '{path} COMMAND --help' for a command's options.\n");
        }
        var options = command.Options.Concat(common.Where(o => command.FindOption(o.Name) is null)).ToList();
        if (options.Count > 0)
        {
            text.Append("\nOptions:\n");
            var width = options.Max(o => o.Synopsis.Length) + 2;
            foreach (var o in options)
                text.Append("  ").Append(o.Synopsis.PadRight(width)).Append(o.Help).Append('\n');
        }
        return text.ToString();
    }
}
