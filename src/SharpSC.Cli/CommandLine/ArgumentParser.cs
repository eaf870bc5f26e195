namespace SharpSC.Cli.CommandLine;

/// <summary>
/// Parses a command line against the command tree: subcommand names, then options (--name value, --name=value,
/// -x value, flags) and positional arguments in any order; "--" ends the options. Options given before the
/// command name must be options of the root (--reader, --json ...), which every command accepts.
/// </summary>
internal static class ArgumentParser
{
    public static Invocation Parse(CommandSpec root, IReadOnlyList<string> args)
    {
        var command = root;
        var path = root.Name;
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positional = new List<string>();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!optionsEnded && token == "--")
            {
                optionsEnded = true;
                continue;
            }
            if (!optionsEnded && token.Length > 1 && token[0] == '-')
            {
                var (spec, inline) = Resolve(command, root, token, path);
                if (options.ContainsKey(spec.Name))
                    throw new UsageException($"--{spec.Name} is given twice", path);
                string? value = null;
                if (spec.TakesValue)
                {
                    if (inline is not null)
                        value = inline;
                    else if (i + 1 < args.Count)
                        value = args[++i];
                    else
                        throw new UsageException($"--{spec.Name} needs a value ({spec.ValueName})", path);
                }
                else if (inline is not null)
                {
                    throw new UsageException($"--{spec.Name} takes no value", path);
                }
                options[spec.Name] = value;
                continue;
            }
            if (positional.Count == 0 && command.Subcommands.Count > 0)
            {
                var sub = command.FindSubcommand(token)
                    ?? throw new UsageException($"unknown command '{token}'{Suggest(token, command.Subcommands.Select(c => c.Name))}", path);
                command = sub;
                path += " " + sub.Name;
                continue;
            }
            positional.Add(token);
        }
        var invocation = new Invocation(command, path, options, positional);
        if (invocation.HelpRequested || options.ContainsKey("version"))
            return invocation;
        foreach (var name in options.Keys)
        {
            if (command.FindOption(name) is null)
                throw new UsageException($"'{path}' has no option --{name}", path);
        }
        if (command.Handler is null)
            throw new UsageException(command.Subcommands.Count > 0 ? $"'{path}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}" : $"'{path}' does nothing", path);
        if (positional.Count < command.RequiredArguments)
            throw new UsageException($"'{path}' needs {string.Join(" ", command.Arguments.Take(command.RequiredArguments))}", path);
        if (positional.Count > command.Arguments.Count)
            throw new UsageException($"unexpected argument '{positional[command.Arguments.Count]}'", path);
        return invocation;
    }

    private static (OptionSpec Spec, string? Inline) Resolve(CommandSpec command, CommandSpec root, string token, string path)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var body = token[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            var spec = command.FindOption(name) ?? root.FindOption(name)
                ?? throw new UsageException($"unknown option --{name}{Suggest(name, command.Options.Concat(root.Options).Select(o => o.Name), "--")}", path);
            return (spec, eq < 0 ? null : body[(eq + 1)..]);
        }
        if (token.Length != 2)
            throw new UsageException($"unknown option {token} (write long options with two dashes)", path);
        var c = token[1];
        var shortSpec = command.FindShort(c) ?? root.FindShort(c) ?? throw new UsageException($"unknown option -{c}", path);
        return (shortSpec, null);
    }

    /// <summary>"; did you mean X?" for a near miss (edit distance up to 2).</summary>
    private static string Suggest(string given, IEnumerable<string> known, string prefix = "")
    {
        var best = known.Distinct().Select(k => (k, d: Distance(given, k))).Where(x => x.d <= 2).OrderBy(x => x.d).FirstOrDefault();
        return best.k is null ? "" : $"; did you mean {prefix}{best.k}?";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
