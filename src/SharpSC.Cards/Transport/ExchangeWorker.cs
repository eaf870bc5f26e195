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
/// The hand-over costs two thread wake-ups per call and no spinning (the events spin 0 times: on a
/// busy machine spinning takes the CPU from the very thread being waited for).
/// </summary>
internal sealed class ExchangeWorker
{
    // SCardTransmit and a few managed frames; the default (8 MiB reserved) is far more than needed.
    private const int StackSize = 256 * 1024;

    private const int Idle = 0, Running = 1, Done = 2, Abandoned = 3, Stopping = 4;

    private readonly ManualResetEventSlim _start = new(false, 0);
    private readonly ManualResetEventSlim _done = new(false, 0);
    private Func<object?>? _call;
    private Action<object?>? _cleanup;
    private object? _value;
    private ExceptionDispatchInfo? _error;
    private int _state = Idle;

    public ExchangeWorker(string name)
    {
        var thread = new Thread(Loop, StackSize) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the worker and waits up to <paramref name="deadline"/>. True with its
    /// result (its exception is rethrown here); false when the deadline passed: the worker then belongs to the
    /// call, and when the call returns it runs <paramref name="cleanupIfAbandoned"/> with the call's result
    /// (default when it threw) on the worker thread, and ends. One caller at a time.
    /// </summary>
    public bool TryRun<T>(Func<T> call, TimeSpan deadline, Action<T?> cleanupIfAbandoned, out T result)
    {
        if (Volatile.Read(ref _state) != Idle) throw new InvalidOperationException("the exchange worker has stopped");
        _call = () => call();
        _cleanup = value => cleanupIfAbandoned(value is T typed ? typed : default);
        _done.Reset();
        Volatile.Write(ref _state, Running);
        _start.Set();
        if (!_done.Wait(deadline) && Interlocked.CompareExchange(ref _state, Abandoned, Running) == Running)
        {
            result = default!;
            return false;
        }
        // Done, possibly in the instant the deadline passed.
        var error = _error;
        var value = _value;
        (_error, _value, _call) = (null, null, null);
        Volatile.Write(ref _state, Idle);
        error?.Throw();
        result = (T)value!;
        return true;
    }

    /// <summary>Ends the thread once it is idle (a call it is abandoned to finishes first).</summary>
    public void Stop()
    {
        if (Interlocked.CompareExchange(ref _state, Stopping, Idle) == Idle) _start.Set();
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            _start.Reset();
            var state = Volatile.Read(ref _state);
            if (state == Stopping) return;
            if (state == Abandoned)
            {
                RunCleanup(null); // given up on before it started: it is not sent at all
                return;
            }
            object? value = null;
            ExceptionDispatchInfo? error = null;
            try
            {
                value = _call!();
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            (_value, _error) = (value, error);
            if (Interlocked.CompareExchange(ref _state, Done, Running) == Running)
            {
                _done.Set();
                continue;
            }
            RunCleanup(error == null ? value : null); // the caller gave up on this call
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
}
