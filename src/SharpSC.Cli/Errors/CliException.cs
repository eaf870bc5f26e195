namespace SharpSC.Cli.Errors;

/// <summary>A failure already put in the user's words, with its exit code.</summary>
internal sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
