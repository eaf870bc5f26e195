using SharpSC.Cards.Transport;

namespace SharpSC.TestSupport;

/// <summary>
/// Wraps a transport and can hold one command, as a card or reader that stops answering does: the call
/// blocks until <see cref="Release"/>, then goes to the inner transport (the card answers late). Records the
/// threads that called into it, whether it was closed and how its transactions stand, so a test can check
/// that a stuck call was given up on, never touched from another thread, and closed once it returned.
/// With <paramref name="interruptible"/> it can also be interrupted, as a pcsc-lite context whose socket to
/// pcscd is shut down: the held call then fails at once.
/// </summary>
public sealed class StallingTransport(ICardTransport inner, bool interruptible = false) : ICardTransport, IInterruptibleTransport
{
    private volatile bool _interrupted;

    private readonly object _gate = new();
    private readonly ManualResetEventSlim _released = new(true);
    private readonly ManualResetEventSlim _holding = new(false);
    private readonly HashSet<int> _threads = [];
    private byte? _stallIns;
    private int _depth;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public string ReaderName => inner.ReaderName;

    /// <summary>The next command with this INS blocks until <see cref="Release"/>.</summary>
    public void StallNext(byte ins)
    {
        lock (_gate)
        {
            _stallIns = ins;
            _released.Reset();
            _holding.Reset();
        }
    }

    /// <summary>Waits until a stalled command is being held.</summary>
    public bool WaitHolding(TimeSpan timeout) => _holding.Wait(timeout);

    /// <summary>The held command goes on to the card.</summary>
    public void Release() => _released.Set();

    public bool Disposed { get; private set; }

    public bool CanInterrupt => interruptible;

    /// <summary>Times the connection was interrupted.</summary>
    public int Interrupts { get; private set; }

    public void Interrupt()
    {
        if (!interruptible) throw new InvalidOperationException("this connection cannot be interrupted");
        Interrupts++;
        _interrupted = true;
        _released.Set();
    }

    /// <summary>Transactions begun and not ended.</summary>
    public int OpenTransactions
    {
        get
        {
            lock (_gate) return _depth;
        }
    }

    /// <summary>Managed thread ids that called into this transport.</summary>
    public IReadOnlyCollection<int> Threads
    {
        get
        {
            lock (_gate) return _threads.ToArray();
        }
    }

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        Touch();
        bool stall;
        lock (_gate)
        {
            stall = _stallIns is { } ins && command.Length >= 2 && command[1] == ins;
            if (stall) _stallIns = null;
        }
        if (stall)
        {
            _holding.Set();
            _released.Wait();
        }
        if (_interrupted) throw new CardTransportException("the connection was interrupted");
        return inner.Transmit(command);
    }

    public IDisposable BeginTransaction()
    {
        Touch();
        var scope = inner.BeginTransaction();
        lock (_gate) _depth++;
        return new Scope(this, scope);
    }

    public void Dispose()
    {
        Touch();
        lock (_gate) _depth = 0;
        Disposed = true;
        inner.Dispose();
    }

    private void Touch()
    {
        lock (_gate) _threads.Add(Environment.CurrentManagedThreadId);
    }

    private sealed class Scope(StallingTransport owner, IDisposable inner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            owner.Touch();
            lock (owner._gate) owner._depth = Math.Max(0, owner._depth - 1);
            inner.Dispose();
        }
    }
}
