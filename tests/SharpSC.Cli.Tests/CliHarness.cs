using SharpSC.Cards.Transport;
using SharpSC.Cli.Connection;
using SharpSC.Cli.Secrets;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;

namespace SharpSC.Cli.Tests;

/// <summary>Readers backed by emulated cards (null: an empty reader).</summary>
internal sealed class FakeReaders(params (string Name, EmulatedCard? Card)[] readers) : IReaderSource
{
    public IReadOnlyList<ReaderInfo> List() =>
        readers.Select((r, i) => new ReaderInfo(i, r.Name, r.Card is not null, r.Card?.Atr ?? [])).ToList();

    public ICardTransport Connect(string readerName)
    {
        var card = readers.First(r => r.Name == readerName).Card ?? throw new CardRemovedException($"no card in {readerName}");
        card.Reset();
        return new EmulatorTransport(card, readerName);
    }
}

/// <summary>A terminal that answers prompts from a list (null: there is no terminal).</summary>
internal sealed class FakeTerminal(params string[]? answers) : ITerminal
{
    private readonly Queue<string>? _answers = answers is null ? null : new Queue<string>(answers);

    public List<string> Prompts { get; } = [];

    public byte[]? ReadSecret(string prompt)
    {
        Prompts.Add(prompt);
        return _answers is null ? null : System.Text.Encoding.UTF8.GetBytes(_answers.Dequeue());
    }
}

internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}--- stderr ---\n{Error}";
}

/// <summary>Runs sharpsc in-process against emulated cards.</summary>
internal sealed class CliHarness
{
    public const string Pin = "123456";
    public const string Puk = "0123456789abcdef";

    public CliHarness(AppletVersion version = AppletVersion.V0) : this(new IsoAppletCard(version))
    {
    }

    public CliHarness(EmulatedCard card) => Card = card;

    public EmulatedCard Card { get; }

    public ITerminal Terminal { get; set; } = new FakeTerminal(null);

    public Dictionary<string, string> Variables { get; } = [];

    public Dictionary<string, byte[]> Files { get; } = [];

    public IReaderSource Readers => new FakeReaders(("Empty Reader 00", null), ("Emulated Reader 01", Card));

    public CliResult Run(params string[] args) => InProcess(args, Readers, Terminal, Variables, Files);

    /// <summary>sharpsc in this process, its output captured; files and environment variables from the dictionaries.</summary>
    public static CliResult InProcess(string[] args, IReaderSource readers, ITerminal terminal, IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, byte[]> files)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            Readers = readers,
            Terminal = terminal,
            Variables = name => variables.TryGetValue(name, out var v) ? v : null,
            ReadFile = path => files.TryGetValue(path, out var bytes) ? bytes : throw new FileNotFoundException($"Could not find file '{path}'.", path),
        };
        var code = CliApp.Run(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs and requires exit code 0.</summary>
    public CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    public CliHarness Initialised(string label = "Test")
    {
        Ok("init", "--label", label, "--pin", Pin, "--puk", Puk);
        return this;
    }
}
