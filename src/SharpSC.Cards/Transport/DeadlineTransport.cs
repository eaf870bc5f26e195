using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// A card connection whose every call (connect, transmit, begin and end of a transaction, close) has a
/// deadline (<see cref="CardDeadlines"/>). The calls run on the connection's own <see cref="ExchangeWorker"/>;
/// one that misses its deadline gives the caller a <see cref="CardTimeoutException"/> and is left to the
/// worker, which closes the connection (ending the transaction, so other processes get the card) when the
/// call finally returns. Meanwhile the reader counts as blocked (<see cref="StuckReaders"/>) and every new
/// exchange with it fails at once. The first use after that reconnects and reports a reset
/// (<see cref="CardResetException"/>), so the caller re-selects and re-authenticates as after any reset.
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
        var what = copy.Length >= 2 ? string.Create(CultureInfo.InvariantCulture, $"a command (INS {copy[1]:X2})") : "a command";
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
            }, _deadlines.For(copy), what);
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
        return new Connection(opened, worker);
    }

    private T Run<T>(Connection c, Func<T> call, TimeSpan deadline, string what)
    {
        var token = new StuckReaders.Token();
        if (c.Worker.TryRun(call, deadline, _ => Close(c, token), out var result)) return result;
        _current = null;
        throw GaveUp(token, what, deadline);
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
                c.Worker.Stop();
            }
        }
    }

    private sealed record Connection(ICardTransport Transport, ExchangeWorker Worker);

    private sealed class Scope(DeadlineTransport owner, Connection connection, IDisposable inner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.EndTransaction(connection, inner);
        }
    }
}
