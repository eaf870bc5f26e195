using SharpSC.Cards.Transport;
using SharpSC.VirtualCard;

namespace SharpSC.TestSupport;

/// <summary>
/// An in-memory <see cref="ICardTransport"/> over an emulated card: drivers, the personaliser and the
/// CLI logic run against the virtual card without pcscd. Counts the APDUs it carries.
/// </summary>
public sealed class EmulatorTransport : ICardTransport
{
    private int _transactionDepth;

    public EmulatorTransport(EmulatedCard card, string readerName = "Emulator 00")
    {
        Card = card ?? throw new ArgumentNullException(nameof(card));
        ReaderName = readerName;
    }

    /// <summary>A blank IsoApplet card of the given generation.</summary>
    public EmulatorTransport(AppletVersion version) : this(new IsoAppletCard(version))
    {
    }

    /// <summary>A blank card carrying <paramref name="applets"/> as sharpsc-vcard --applet names them ("piv", "piv,openpgp").</summary>
    public EmulatorTransport(string applets) : this(EmulatedCard.Create(applets))
    {
    }

    public EmulatedCard Card { get; }

    public ReadOnlyMemory<byte> Atr => Card.Atr;

    public string ReaderName { get; }

    /// <summary>APDUs sent through this transport.</summary>
    public int Apdus { get; private set; }

    /// <summary>Outermost transactions begun.</summary>
    public int Transactions { get; private set; }

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        Apdus++;
        return Card.Process(command);
    }

    public IDisposable BeginTransaction()
    {
        if (_transactionDepth++ == 0) Transactions++;
        return new Scope(this);
    }

    public void Dispose()
    {
    }

    private sealed class Scope(EmulatorTransport owner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            owner._transactionDepth--;
        }
    }
}
