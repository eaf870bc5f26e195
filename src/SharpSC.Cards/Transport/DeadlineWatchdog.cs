using System.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// Watches the card calls that run on their caller's own thread (<see cref="DeadlineTransport"/> over an
/// <see cref="IInterruptibleTransport"/>) and interrupts one that passes its deadline. One thread for the
/// process, asleep until the earliest deadline: a call costs a list entry, not a thread hand-over.
/// </summary>
internal static class DeadlineWatchdog
{
    private static readonly object Gate = new();
    private static readonly List<Watch> Active = [];
    private static long _wakeAt = long.MaxValue;
    private static bool _running;

    /// <summary>One watched call (never reused: the watchdog may still hold it after the call finished).</summary>
    public sealed class Watch(IInterruptibleTransport target)
    {
        internal const int Watching = 0, Finished = 1, Firing = 2, Interrupted = 3;

        internal IInterruptibleTransport Target { get; } = target;

        internal long Deadline;

        internal int State;
    }

    public static void Start(Watch watch, TimeSpan deadline)
    {
        watch.Deadline = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        Volatile.Write(ref watch.State, Watch.Watching);
        lock (Gate)
        {
            Active.Add(watch);
            if (watch.Deadline >= _wakeAt) return;
            _wakeAt = watch.Deadline;
            if (_running)
            {
                Monitor.Pulse(Gate);
                return;
            }
            _running = true;
            new Thread(Loop, 128 * 1024) { IsBackground = true, Name = "card deadlines" }.Start();
        }
    }

    /// <summary>Ends the watch when the call returned; true when the call was interrupted (its deadline passed).</summary>
    public static bool Finish(Watch watch)
    {
        if (Interlocked.CompareExchange(ref watch.State, Watch.Finished, Watch.Watching) != Watch.Watching)
        {
            // The watchdog got there first: wait until the interrupt is done, so the connection is not closed
            // (and its socket number reused) while it is being interrupted.
            while (Volatile.Read(ref watch.State) == Watch.Firing) Thread.Sleep(1);
        }
        lock (Gate) Active.Remove(watch);
        return Volatile.Read(ref watch.State) == Watch.Interrupted;
    }

    private static void Loop()
    {
        var due = new List<Watch>();
        while (true)
        {
            lock (Gate)
            {
                while (true)
                {
                    var now = Stopwatch.GetTimestamp();
                    var next = long.MaxValue;
                    foreach (var w in Active)
                    {
                        if (Volatile.Read(ref w.State) != Watch.Watching) continue;
                        if (w.Deadline <= now) due.Add(w);
                        else next = Math.Min(next, w.Deadline);
                    }
                    _wakeAt = next;
                    if (due.Count > 0) break;
                    var wait = next == long.MaxValue ? Timeout.Infinite
                        : (int)Math.Clamp((next - now) * 1000 / Stopwatch.Frequency + 1, 1, int.MaxValue);
                    Monitor.Wait(Gate, wait);
                }
            }
            foreach (var w in due)
            {
                if (Interlocked.CompareExchange(ref w.State, Watch.Firing, Watch.Watching) != Watch.Watching) continue;
                try
                {
                    w.Target.Interrupt();
                }
                finally
                {
                    Volatile.Write(ref w.State, Watch.Interrupted);
                }
            }
            due.Clear();
        }
    }
}
