namespace SharpSC.Cli.Secrets;

/// <summary>Where prompts for secrets go: the controlling terminal (tests substitute their own).</summary>
internal interface ITerminal
{
    /// <summary>Shows <paramref name="prompt"/> and reads one line without echo; null when there is no terminal.</summary>
    byte[]? ReadSecret(string prompt);
}
