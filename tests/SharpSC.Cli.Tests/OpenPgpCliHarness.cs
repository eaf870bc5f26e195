using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Transport;
using SharpSC.Cli.Connection;
using SharpSC.TestSupport;

namespace SharpSC.Cli.Tests;

/// <summary>Runs sharpsc in-process against the emulated OpenPGP card; <see cref="Fresh"/> reads the card back with the driver.</summary>
internal sealed class OpenPgpCliHarness(uint serial)
{
    public const string Pw1 = "123456";
    public const string Pw3 = "12345678";

    private readonly OpenPgpEmulatorTransport _card = new(serial);

    public Dictionary<string, byte[]> Files { get; } = [];

    public OpenPgpDriver Fresh()
    {
        _card.Reset();
        return OpenPgpDriver.Connect(_card);
    }

    public CliResult Run(params string[] args) => CliHarness.InProcess(args, new OneCard(_card), new FakeTerminal(null), new Dictionary<string, string>(), Files);

    public CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private sealed class OneCard(OpenPgpEmulatorTransport card) : IReaderSource
    {
        public IReadOnlyList<ReaderInfo> List() => [new ReaderInfo(0, "OpenPGP Reader 00", true, card.Atr.ToArray())];

        public ICardTransport Connect(string readerName)
        {
            card.Reset();
            return card;
        }
    }
}
