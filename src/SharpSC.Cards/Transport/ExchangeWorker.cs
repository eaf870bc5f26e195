using System.Diagnostics;
using System.Runtime.ExceptionServices;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// The one thread that calls into one card connection, a call at a time, so that the caller can stop
/// waiting for a call that does not return: a card or reader that never answers blocks SCardTransmit
/// without limit, and nothing cancels it (SCardCancel only releases SCardGetStatusChange). A call that
/// misses its deadline keeps the thread; when it returns, the thread runs the clean-up it was given
/// (close the connection) and ends. No other thread ever touches that connection: pcsc-lite takes its
/// process-wide client lock and then the context's lock in every call, so a second thread calling into
/// a context whose transmit is stuck would freeze every PC/SC call of the process (RELIABILITY.md).
/// </summary>
internal sealed class ExchangeWorker
{
    // SCardTransmit and a few managed frames; the default (8 MiB reserved) is far more than needed.
    private const int StackSize = 256 * 1024;

    private readonly object _gate = new();
    private Func<object?>? _pending;
    private Outcome? _outcome;
    private Action<object?>? _cleanup;
    private bool _abandoned;
    private bool _stopping;

    public ExchangeWorker(string name)
    {
        var thread = new Thread(Loop, StackSize) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the worker and waits up to <paramref name="deadline"/>. True with its
    /// result (its exception is rethrown here); false when the deadline passed: the worker then belongs to the
    /// call, and when the call returns it runs <paramref name="cleanupIfAbandoned"/> with the call's result
    /// (default when it threw) on the worker thread, and ends.
    /// </summary>
    public bool TryRun<T>(Func<T> call, TimeSpan deadline, Action<T?> cleanupIfAbandoned, out T result)
    {
        lock (_gate)
        {
            if (_abandoned || _stopping) throw new InvalidOperationException("the exchange worker has stopped");
            _outcome = null;
            _pending = () => call();
            Monitor.PulseAll(_gate);
            var clock = Stopwatch.StartNew();
            while (_outcome == null)
            {
                var left = deadline - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    _abandoned = true;
                    _cleanup = value => cleanupIfAbandoned(value is T typed ? typed : default);
                    result = default!;
                    return false;
                }
                Monitor.Wait(_gate, left);
            }
            var outcome = _outcome;
            _outcome = null;
            outcome.Error?.Throw();
            result = (T)outcome.Value!;
            return true;
        }
    }

    /// <summary>Ends the thread once it is idle (a call it is abandoned to finishes first).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            Func<object?> call;
            bool givenUp;
            lock (_gate)
            {
                while (_pending == null && !_stopping) Monitor.Wait(_gate);
                if (_pending == null) return;
                call = _pending;
                _pending = null;
                givenUp = _abandoned;
            }
            if (givenUp)
            {
                // Given up on before it started: it is not sent at all.
                RunCleanup(null);
                return;
            }
            object? value = null;
            ExceptionDispatchInfo? error = null;
            try
            {
                value = call();
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                _outcome = new Outcome(value, error);
                Monitor.PulseAll(_gate);
                if (!_abandoned) continue;
                _stopping = true;
            }
            RunCleanup(error == null ? value : null);
            return;
        }
    }

    private void RunCleanup(object? value)
    {
        try
        {
            _cleanup?.Invoke(value);
        }
        catch (Exception e)
        {
            Log.Debug("card", $"closing an abandoned card connection: {e.Message}");
        }
    }

    private sealed record Outcome(object? Value, ExceptionDispatchInfo? Error);
}
