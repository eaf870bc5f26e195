using SharpSC.Cards.Transport;
using SharpSC.Cli.Connection;
using SharpSC.TestSupport;

namespace SharpSC.Cli.Tests.Piv;

/// <summary>Runs sharpsc in-process against an emulated YubiKey (a copy of <see cref="PivCardImage"/>'s card).</summary>
internal sealed class PivCliHarness
{
    public const string Reader = "Yubico YubiKey Emulator 00";

    /// <summary>An AES-256 management key to replace the factory one with.</summary>
    public const string AesManagementKey = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

    public PivCardEmulator Card { get; } = PivCardImage.Emulator();

    public Dictionary<string, byte[]> Files { get; } = [];

    public Dictionary<string, string> Variables { get; } = [];

    public CliResult Run(params string[] args) => CliHarness.InProcess(args, new Readers(Card), new FakeTerminal(null), Variables, Files);

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
