using System.Globalization;

namespace SharpSC.Cli.CommandLine;

/// <summary>A parsed command line: the command, its option values and its positional arguments.</summary>
internal sealed class Invocation(CommandSpec command, string path, IReadOnlyDictionary<string, string?> options, IReadOnlyList<string> arguments)
{
    public CommandSpec Command { get; } = command;

    /// <summary>"sharpsc pin change".</summary>
    public string Path { get; } = path;

    public IReadOnlyList<string> Arguments { get; } = arguments;

    public bool HelpRequested => options.ContainsKey("help");

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out var value) ? value : null;

    public string? Argument(int index) => index < Arguments.Count ? Arguments[index] : null;

    /// <summary>A non-negative integer option, or null when absent.</summary>
    public int? GetInt(string name)
    {
        if (Get(name) is not { } text)
            return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"--{name} takes a number, not '{text}'", Path);
    }

    /// <summary>Fails when two options that exclude each other are both given.</summary>
    public void Exclusive(params string[] names)
    {
        var given = names.Where(Has).ToList();
        if (given.Count > 1)
            throw new UsageException($"--{given[0]} and --{given[1]} cannot be used together", Path);
    }

    public UsageException Error(string message) => new(message, Path);
}
