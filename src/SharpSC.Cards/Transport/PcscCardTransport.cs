using SharpSC.Diagnostics;
using SharpSC.PCSC;

namespace SharpSC.Cards.Transport;

/// <summary>
/// ICardTransport over a PC/SC connection (shared mode, so an ssh-agent and a browser can use one
/// card; every multi-APDU operation runs in an SCardBeginTransaction scope).
/// </summary>
public sealed class PcscCardTransport : ICardTransport, IInterruptibleTransport
{
    private readonly PcscContext _context;
    private readonly PcscCard _card;
    private readonly object _gate = new();
    private int _transactionDepth;
    private byte[] _atr;

    private PcscCardTransport(PcscContext context, PcscCard card, byte[] atr)
    {
        _context = context;
        _card = card;
        _atr = atr;
    }

    /// <summary>
    /// Connects to the card in <paramref name="readerName"/>, every call bounded by <paramref name="deadlines"/>
    /// (default: SHARPSC_CARD_TIMEOUT, see <see cref="CardDeadlines"/>) through a <see cref="DeadlineTransport"/>:
    /// a card that never answers costs the caller an error, not a frozen process.
    /// </summary>
    public static ICardTransport Connect(string readerName, CardDeadlines? deadlines = null) =>
        new DeadlineTransport(readerName, () => Open(readerName), deadlines ?? CardDeadlines.FromEnvironment());

    /// <summary>
    /// The connection itself, with a context of its own and no deadline: each call waits as long as pcscd and
    /// the reader do. Callers go through <see cref="Connect"/>.
    /// </summary>
    public static PcscCardTransport Open(string readerName)
    {
        var context = PcscContext.Establish(interruptible: true);
        try
        {
            var card = Map(() => context.Connect(readerName), readerName);
            var rv = card.TryGetStatus(out var status);
            if (rv != PcscError.Success)
            {
                card.Dispose();
                throw Translate(new PcscException("SCardStatus", rv), readerName);
            }
            return new PcscCardTransport(context, card, status.Atr);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public ReadOnlyMemory<byte> Atr => _atr;

    public bool CanInterrupt => _context.CanInterrupt;

    /// <summary>Shuts the context's connection to pcscd: a transmit stuck in it returns (RELIABILITY.md).</summary>
    public void Interrupt() => _context.Interrupt();

    public string ReaderName => _card.ReaderName;

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        lock (_gate)
        {
            try
            {
                return _card.Transmit(command);
            }
            catch (PcscException e) when (e.Code == PcscError.ResetCard)
            {
                throw Reconnected(e);
            }
            catch (PcscException e)
            {
                throw Translate(e, ReaderName);
            }
        }
    }

    public IDisposable BeginTransaction()
    {
        lock (_gate)
        {
            if (_transactionDepth == 0)
            {
                var rv = _card.BeginTransaction();
                if (rv == PcscError.ResetCard) throw Reconnected(new PcscException("SCardBeginTransaction", rv));
                if (rv != PcscError.Success) throw Translate(new PcscException("SCardBeginTransaction", rv), ReaderName);
            }
            _transactionDepth++;
            return new TransactionScope(this);
        }
    }

    private void EndTransaction()
    {
        lock (_gate)
        {
            if (_transactionDepth == 0) return;
            if (--_transactionDepth > 0) return;
            var rv = _card.EndTransaction(Disposition.Leave);
            if (rv != PcscError.Success)
                Log.Debug("pcsc", $"SCardEndTransaction({ReaderName}): {PcscError.Describe(rv)}");
        }
    }

    // Another process reset the card: reconnect so the handle works again, then tell the caller that
    // the card's volatile state (selected applet, verified PIN) is gone.
    private CardTransportException Reconnected(PcscException cause)
    {
        try
        {
            _card.Reconnect(Disposition.Leave);
            if (_card.TryGetStatus(out var status) == PcscError.Success) _atr = status.Atr;
            _transactionDepth = 0;
            Log.Info("pcsc", $"card in {ReaderName} was reset by another party; reconnected");
            return new CardResetException($"the card in {ReaderName} was reset", cause);
        }
        catch (PcscException e)
        {
            return Translate(e, ReaderName);
        }
    }

    private static T Map<T>(Func<T> call, string reader)
    {
        try
        {
            return call();
        }
        catch (PcscException e)
        {
            throw Translate(e, reader);
        }
    }

    private static CardTransportException Translate(PcscException e, string reader) =>
        PcscError.MeansCardGone(e.Code) || PcscError.MeansNoService(e.Code)
            ? new CardRemovedException($"no card in {reader}: {e.Message}", e)
            : new CardTransportException($"{reader}: {e.Message}", e);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_transactionDepth > 0) _card.EndTransaction(Disposition.Leave);
            _transactionDepth = 0;
            _card.Dispose();
            _context.Dispose();
        }
    }

    private sealed class TransactionScope(PcscCardTransport owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.EndTransaction();
        }
    }
}
