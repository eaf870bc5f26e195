using SharpSC.Cards.Transport;

namespace SharpSC.TestSupport;

/// <summary>An in-memory <see cref="ICardTransport"/> over the virtual PIV card; counts the APDUs it carries.</summary>
public sealed class PivEmulatorTransport(PivCardEmulator card, string readerName = "Yubico YubiKey Emulator 00") : ICardTransport
{
    private int _depth;

    public PivEmulatorTransport() : this(new PivCardEmulator())
    {
    }

    public PivCardEmulator Card { get; } = card ?? throw new ArgumentNullException(nameof(card));

    public ReadOnlyMemory<byte> Atr => Card.Atr;

    public string ReaderName { get; } = readerName;

    public int Apdus { get; private set; }

    /// <summary>Every command sent, in order (hex), for APDU-economy assertions.</summary>
    public List<string> Sent { get; } = [];

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        Apdus++;
        Sent.Add(Convert.ToHexString(command));
        return Card.Process(command);
    }

    public IDisposable BeginTransaction()
    {
        _depth++;
        return new Scope(this);
    }

    public void Dispose()
    {
    }

    private sealed class Scope(PivEmulatorTransport owner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            owner._depth--;
        }
    }
}
