namespace SharpSC.Cli.CommandLine;

/// <summary>One option of a command: --name, an optional one-letter alias, and the value it takes (null for a flag).</summary>
internal sealed record OptionSpec(string Name, char? Short, string? ValueName, string Help)
{
    public bool TakesValue => ValueName is not null;

    /// <summary>Shown in help; secret options say so instead of a default.</summary>
    public string Synopsis => (Short is char c ? $"-{c}, " : "    ") + "--" + Name + (ValueName is null ? "" : " " + ValueName);
}
