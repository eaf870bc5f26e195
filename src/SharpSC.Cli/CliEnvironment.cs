using SharpSC.Cli.Connection;
using SharpSC.Cli.Secrets;

namespace SharpSC.Cli;

/// <summary>What a command touches outside itself: output streams, readers, the terminal, environment variables.</summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required IReaderSource Readers { get; init; }
    public required ITerminal Terminal { get; init; }
    public required Func<string, string?> Variables { get; init; }

    /// <summary>True when stderr is a terminal (the key generation spinner shows then).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The driver table that finds the applications on a card.</summary>
    public Cards.Registry.DriverRegistry Drivers { get; init; } = Cards.Registry.DriverRegistry.Default;

    /// <summary>Reads an input file (certificates, PKCS#12, data).</summary>
    public Func<string, byte[]> ReadFile { get; init; } = File.ReadAllBytes;

    public SecretSource Secrets => new(Terminal, Variables);

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Readers = new PcscReaderSource(),
        Terminal = new TerminalPrompt(),
        Variables = Environment.GetEnvironmentVariable,
        ErrorIsTerminal = !Console.IsErrorRedirected,
    };
}
