using SharpSC.Cards.Transport;
using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.TestSupport;

/// <summary>An in-memory <see cref="ICardTransport"/> over the emulated MyEID card; counts the APDUs it carries.</summary>
public sealed class MyEidTransport(MyEidCard card, string readerName = "Emulator 00") : ICardTransport
{
    /// <summary>A blank card (random serial number).</summary>
    public MyEidTransport() : this(new MyEidCard())
    {
    }

    public MyEidCard Card { get; } = card ?? throw new ArgumentNullException(nameof(card));

    public ReadOnlyMemory<byte> Atr => Card.Atr;

    public string ReaderName { get; } = readerName;

    public int Apdus { get; private set; }

    /// <summary>Every command sent, as hex, for tests that look at what went to the card.</summary>
    public List<string> Log { get; } = [];

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        Apdus++;
        Log.Add(Convert.ToHexString(command));
        return Card.Process(command);
    }

    public IDisposable BeginTransaction() => new Scope();

    public void Dispose()
    {
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
