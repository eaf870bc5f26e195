namespace SharpSC.Cli.CommandLine;

/// <summary>A command (or a group of subcommands) with its options, positional arguments and handler.</summary>
internal sealed record CommandSpec(string Name, string Summary)
{
    /// <summary>Positional arguments as shown in the usage line ("ALGORITHM", "FILE").</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>How many of <see cref="Arguments"/> are required (the rest are optional).</summary>
    public int RequiredArguments { get; init; }

    public IReadOnlyList<OptionSpec> Options { get; init; } = [];

    public IReadOnlyList<CommandSpec> Subcommands { get; init; } = [];

    /// <summary>More text for --help: what the command does, examples.</summary>
    public string? Details { get; init; }

    /// <summary>Runs the command; returns the exit code. Null for a group that only holds subcommands.</summary>
    public Func<Invocation, int>? Handler { get; init; }

    public OptionSpec? FindOption(string name) => Options.FirstOrDefault(o => o.Name == name);

    public OptionSpec? FindShort(char c) => Options.FirstOrDefault(o => o.Short == c);

    public CommandSpec? FindSubcommand(string name) => Subcommands.FirstOrDefault(c => c.Name == name);
}
