using System.Runtime.InteropServices;

namespace SharpSC.VirtualCard.Cli;

/// <summary>
/// SIGTERM, SIGINT and the control socket's "quit": each asks the program to stop, and it is gone
/// within a second whatever it was doing. The connection thread notices the stop and takes the card out;
/// should it not have finished by <see cref="Deadline"/> (a command that computes for seconds, such as an
/// RSA-4096 key generation), the process exits anyway: every answered command is already in the state
/// file, and an interrupted save leaves the old file (the state file is replaced by rename).
/// </summary>
internal sealed partial class StopSignals : IDisposable
{
    /// <summary>From the request to the exit at the latest.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(600);

    /// <summary>How long the final save waits for a command still running.</summary>
    public static readonly TimeSpan FlushWait = TimeSpan.FromMilliseconds(300);

    private const int SigInt = 2, SigTerm = 15;
    private static readonly nint SigDfl = 0;

    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _completed = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;
    private int _requested;

    public StopSignals(Action<string> log)
    {
        _log = log;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Cancelled when a stop was requested.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>
    /// POSIX shells start background jobs with SIGINT (and SIGQUIT) ignored, and the .NET runtime never
    /// handles a signal it finds ignored: `kill -INT` would then do nothing. The default disposition is
    /// restored for SIGINT and SIGTERM before the runtime looks at them, so the registrations below get them.
    /// </summary>
    public static void TakeOverIgnored()
    {
        if (OperatingSystem.IsWindows()) return;
        Signal(SigInt, SigDfl);
        Signal(SigTerm, SigDfl);
    }

    /// <summary>Asks the program to stop after <paramref name="delay"/>; the exit follows within <see cref="Deadline"/> of that.</summary>
    public void Request(string why, TimeSpan delay)
    {
        if (Interlocked.Exchange(ref _requested, 1) == 1) return;
        new Thread(() => Enforce(why, delay)) { IsBackground = true, Name = "vcard-stop" }.Start();
    }

    /// <summary>The program has stopped by itself: no forced exit.</summary>
    public void Completed() => _completed.Set();

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Request(context.Signal.ToString(), TimeSpan.Zero);
    }

    private void Enforce(string why, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero) Thread.Sleep(delay);
        _log($"stopping ({why})");
        _stop.Cancel();
        if (_completed.Wait(Deadline)) return;
        _log($"still busy {Deadline.TotalMilliseconds:0} ms after the stop request ({why}); exiting now (the state file holds the card as of the last answered command)");
        Environment.Exit(0);
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
