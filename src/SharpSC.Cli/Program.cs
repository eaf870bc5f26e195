namespace SharpSC.Cli;

/// <summary>sharpsc: the card owner's tool (docs/CLI.md).</summary>
internal static class Program
{
    private static int Main(string[] args) => CliApp.Run(args, CliEnvironment.FromProcess());
}
