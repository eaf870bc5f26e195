using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// A card connection whose every call (connect, transmit, begin and end of a transaction, close) has a
/// deadline (<see cref="CardDeadlines"/>); one that misses it gives the caller a <see cref="CardTimeoutException"/>.
/// Two ways, by what the connection allows:
/// - it can be interrupted (<see cref="IInterruptibleTransport"/>: pcsc-lite on Linux): calls run on the caller's
///   thread, watched by <see cref="DeadlineWatchdog"/>, which interrupts a late one; the caller closes the
///   connection, and a thread waits until the reader works again (pcscd's reader waits for the card);
/// - otherwise every call runs on the connection's own <see cref="ExchangeWorker"/> (two thread wake-ups per
///   call); a late call is left to the worker, which closes the connection when the call finally returns.
/// Connecting always runs on a worker. Until the reader works again it counts as blocked
/// (<see cref="StuckReaders"/>) and every new exchange with it fails at once. The first use after that
/// reconnects and reports a reset (<see cref="CardResetException"/>), so the caller re-selects and
/// re-authenticates as after any reset.
/// </summary>
public sealed class DeadlineTransport : ICardTransport
{
    private readonly Func<ICardTransport> _connect;
    private readonly CardDeadlines _deadlines;
    private readonly object _gate = new();
    private Connection? _current;
    private ReadOnlyMemory<byte> _atr;
    private bool _disposed;

    /// <summary>Connects with <paramref name="connect"/> (on the worker, within the command deadline).</summary>
    public DeadlineTransport(string readerName, Func<ICardTransport> connect, CardDeadlines deadlines)
    {
        ReaderName = readerName ?? throw new ArgumentNullException(nameof(readerName));
        _connect = connect ?? throw new ArgumentNullException(nameof(connect));
        _deadlines = deadlines ?? throw new ArgumentNullException(nameof(deadlines));
        if (StuckReaders.Blocked(readerName) is { } blocked) throw blocked;
        _current = Open();
    }

    public string ReaderName { get; }

    public CardDeadlines Deadlines => _deadlines;

    public ReadOnlyMemory<byte> Atr => _current?.Transport.Atr ?? _atr;

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        var copy = command.ToArray();
        lock (_gate)
        {
            var c = Usable();
            return Run(c, () =>
            {
                try
                {
                    return c.Transport.Transmit(copy);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(copy); // it may carry a PIN
                }
            }, _deadlines.For(copy), new What(null, copy.Length >= 2 ? copy[1] : null));
        }
    }

    public IDisposable BeginTransaction()
    {
        lock (_gate)
        {
            var c = Usable();
            var inner = Run(c, c.Transport.BeginTransaction, _deadlines.Command, "the start of a transaction");
            return new Scope(this, c, inner);
        }
    }

    private void EndTransaction(Connection c, IDisposable inner)
    {
        lock (_gate)
        {
            if (_current != c) return; // given up on: its worker closes it
            try
            {
                Run(c, () =>
                {
                    inner.Dispose();
                    return true;
                }, _deadlines.Command, "the end of a transaction");
            }
            catch (CardTransportException e)
            {
                // A scope's Dispose must not hide the error that ended the operation.
                Log.Debug("card", $"{ReaderName}: ending the transaction: {e.Message}");
            }
        }
    }

    private Connection Usable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (StuckReaders.Blocked(ReaderName) is { } blocked) throw blocked;
        if (_current != null) return _current;
        _current = Open();
        throw new CardResetException(
            $"the connection to the card in {ReaderName} was opened again after a command timed out; what the card holds selected and verified is unknown");
    }

    private Connection Open()
    {
        var worker = new ExchangeWorker("card " + ReaderName);
        var token = new StuckReaders.Token();
        bool answered;
        ICardTransport opened;
        try
        {
            answered = worker.TryRun(_connect, _deadlines.Command, transport =>
            {
                transport?.Dispose();
                StuckReaders.Clear(ReaderName, token);
            }, out opened);
        }
        catch
        {
            worker.Stop();
            throw;
        }
        if (!answered) throw GaveUp(token, "the connection request", _deadlines.Command);
        _atr = opened.Atr;
        if (opened is IInterruptibleTransport { CanInterrupt: true } interruptible)
        {
            worker.Stop();
            Log.Debug("card", $"{ReaderName}: calls run on their caller's thread; one that passes its deadline is interrupted");
            return new Connection(opened, null, interruptible);
        }
        Log.Debug("card", $"{ReaderName}: calls run on the connection's worker thread (it cannot be interrupted)");
        return new Connection(opened, worker, null);
    }

    /// <summary>What a command is, for messages: only formatted when the command is given up on.</summary>
    private readonly record struct What(string? Text, byte? Ins)
    {
        public static implicit operator What(string text) => new(text, null);

        public override string ToString() =>
            Text ?? (Ins is { } ins ? string.Create(CultureInfo.InvariantCulture, $"a command (INS {ins:X2})") : "a command");
    }

    private T Run<T>(Connection c, Func<T> call, TimeSpan deadline, What what)
    {
        var token = new StuckReaders.Token();
        if (c.Interruptible is { } interruptible) return RunHere(c, interruptible, call, deadline, what, token);
        if (c.Worker!.TryRun(call, deadline, _ => Close(c, token), out var result)) return result;
        _current = null;
        throw GaveUp(token, what.ToString(), deadline);
    }

    // The call on this thread, interrupted by the watchdog if it passes its deadline.
    private T RunHere<T>(Connection c, IInterruptibleTransport interruptible, Func<T> call, TimeSpan deadline, What what, StuckReaders.Token token)
    {
        var watch = new DeadlineWatchdog.Watch(interruptible);
        DeadlineWatchdog.Start(watch, deadline);
        T result;
        try
        {
            result = call();
        }
        catch when (DeadlineWatchdog.Finish(watch))
        {
            throw Interrupted(c, token, what, deadline);
        }
        if (DeadlineWatchdog.Finish(watch)) throw Interrupted(c, token, what, deadline); // it answered as it was interrupted
        return result;
    }

    private CardTimeoutException Interrupted(Connection c, StuckReaders.Token token, What what, TimeSpan deadline)
    {
        _current = null;
        var timeout = GaveUp(token, what.ToString(), deadline);
        try
        {
            c.Transport.Dispose(); // the interrupted context's lock is free: closing it here blocks nothing
        }
        catch (Exception e)
        {
            Log.Debug("card", $"{ReaderName}: closing the interrupted connection: {e.Message}");
        }
        // pcscd's reader is still waiting for the card: a connection request returns once the reader works again.
        new Thread(() =>
        {
            try
            {
                using var probe = _connect();
            }
            catch (Exception e)
            {
                Log.Debug("card", $"{ReaderName}: waiting for the reader: {e.Message}");
            }
            finally
            {
                StuckReaders.Clear(ReaderName, token);
                Log.Info("card", $"{ReaderName}: the reader works again after the command given up on");
            }
        }, 256 * 1024) { IsBackground = true, Name = "card " + ReaderName + " (waiting for the reader)" }.Start();
        return timeout;
    }

    private CardTimeoutException GaveUp(StuckReaders.Token token, string what, TimeSpan deadline)
    {
        StuckReaders.Mark(ReaderName, token, what);
        var seconds = deadline.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        Log.Error("card", $"{ReaderName}: no answer to {what} within {seconds} s; given up on ({CardDeadlines.Variable} sets the deadline)");
        return new CardTimeoutException($"the card in {ReaderName} did not answer {what} within {seconds} s");
    }

    // On the worker, once the call given up on has returned: the reader works again.
    private void Close(Connection c, StuckReaders.Token token)
    {
        try
        {
            c.Transport.Dispose(); // ends our transaction and disconnects: the card is free for others
        }
        finally
        {
            StuckReaders.Clear(ReaderName, token);
            Log.Info("card", $"{ReaderName}: the command given up on has returned; its connection is closed");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_current is not { } c) return;
            try
            {
                Run(c, () =>
                {
                    c.Transport.Dispose();
                    return true;
                }, _deadlines.Command, "closing the connection");
            }
            catch (Exception e)
            {
                Log.Debug("card", $"{ReaderName}: closing: {e.Message}");
            }
            finally
            {
                _current = null;
                c.Worker?.Stop();
            }
        }
    }

    private sealed record Connection(ICardTransport Transport, ExchangeWorker? Worker, IInterruptibleTransport? Interruptible);

    private sealed class Scope(DeadlineTransport owner, Connection connection, IDisposable inner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.EndTransaction(connection, inner);
        }
    }
}
