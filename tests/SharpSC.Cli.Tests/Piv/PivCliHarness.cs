using SharpSC.Cards.Transport;
using SharpSC.Cli.Connection;
using SharpSC.TestSupport;

namespace SharpSC.Cli.Tests.Piv;

/// <summary>Runs sharpsc in-process against an emulated YubiKey (a copy of <see cref="PivCardImage"/>'s card).</summary>
internal sealed class PivCliHarness
{
    public const string Reader = "Yubico YubiKey Emulator 00";

    public PivCardEmulator Card { get; } = PivCardImage.Emulator();

    public Dictionary<string, byte[]> Files { get; } = [];

    public Dictionary<string, string> Variables { get; } = [];

    public CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            Readers = new Readers(Card),
            Terminal = new FakeTerminal(null),
            Variables = name => Variables.TryGetValue(name, out var v) ? v : null,
            ReadFile = path => Files.TryGetValue(path, out var bytes) ? bytes : throw new FileNotFoundException($"Could not find file '{path}'.", path),
        };
        var code = CliApp.Run(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private sealed class Readers(PivCardEmulator card) : IReaderSource
    {
        public IReadOnlyList<ReaderInfo> List() => [new ReaderInfo(0, Reader, true, card.Atr)];

        public ICardTransport Connect(string readerName)
        {
            card.Reset();
            return card.Transport(readerName);
        }
    }
}
