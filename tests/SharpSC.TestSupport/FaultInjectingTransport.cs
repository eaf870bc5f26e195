using SharpSC.Cards.Transport;

namespace SharpSC.TestSupport;

/// <summary>Where a dropped connection hits an APDU.</summary>
public enum DropPoint
{
    /// <summary>The command never reaches the card.</summary>
    BeforeCard,

    /// <summary>The card processes the command; its answer is lost.</summary>
    AfterCard,
}

/// <summary>
/// Wraps a transport and drops the connection (a <see cref="CardRemovedException"/>, as a pulled card or a dead
/// reader gives) at the Nth APDU from now. Until then and after the drop has fired it passes everything through,
/// so a test can check what the card holds after an interrupted write. <paramref name="onDrop"/> runs when the drop
/// fires (e.g. reset the emulated card, as a removal loses its volatile state).
/// </summary>
public sealed class FaultInjectingTransport(ICardTransport inner, Action? onDrop = null) : ICardTransport
{
    private int _countdown = -1;
    private DropPoint _point;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public string ReaderName => inner.ReaderName;

    /// <summary>APDUs passed to the inner transport.</summary>
    public int Apdus { get; private set; }

    /// <summary>True once the armed drop has happened.</summary>
    public bool Fired { get; private set; }

    /// <summary>Drops the connection at the <paramref name="nth"/> APDU from now (1 = the next one).</summary>
    public void DropAt(int nth, DropPoint point)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nth);
        _countdown = nth;
        _point = point;
        Fired = false;
    }

    public void Disarm() => _countdown = -1;

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        if (_countdown > 0 && --_countdown == 0)
        {
            _countdown = -1;
            Fired = true;
            if (_point == DropPoint.AfterCard)
            {
                Apdus++;
                inner.Transmit(command);
            }
            onDrop?.Invoke();
            throw new CardRemovedException($"{ReaderName}: connection dropped by the test ({_point})");
        }
        Apdus++;
        return inner.Transmit(command);
    }

    public IDisposable BeginTransaction() => inner.BeginTransaction();

    public void Dispose() => inner.Dispose();

    /// <summary>An emulated card behind a fault injector whose drops reset the card.</summary>
    public static FaultInjectingTransport Over(EmulatorTransport emulator) => new(emulator, emulator.Card.Reset);
}
