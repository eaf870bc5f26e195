namespace SharpSC.Cli.CommandLine;

/// <summary>The command line is wrong; <see cref="CommandPath"/> names the command whose --help explains it.</summary>
internal sealed class UsageException(string message, string commandPath) : Exception(message)
{
    public string CommandPath { get; } = commandPath;
}
