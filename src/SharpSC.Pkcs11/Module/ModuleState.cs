using SharpSC.Cards.Registry;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Slots;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// Everything one C_Initialize .. C_Finalize period owns: slots and their tokens, sessions, the
/// slot-event monitor, the optional application lock, and the count of calls in progress so that
/// C_Finalize can release PC/SC resources only when no call is using them.
/// </summary>
internal sealed class ModuleState
{
    private static readonly TimeSpan FinalizeGrace = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Lazy<SlotEventMonitor> _events;
    private int _activeCalls;
    private bool _closing;

    public ModuleState(int pid, ApplicationLock? appLock, ICardReaders readers, DriverRegistry drivers, Func<CardApplication, ITokenDevice> openDevice)
    {
        Pid = pid;
        AppLock = appLock;
        Slots = new SlotManager(readers);
        Tokens = new TokenRegistry(Slots, Sessions, Handles, drivers, openDevice);
        _events = new Lazy<SlotEventMonitor>(() => new SlotEventMonitor(Slots, Tokens.DiscoverApplications), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Pid { get; }

    public ApplicationLock? AppLock { get; }

    public SlotManager Slots { get; }

    public SessionTable Sessions { get; } = new();

    public HandleCounter Handles { get; } = new();

    public TokenRegistry Tokens { get; }

    public SlotEventMonitor Events => _events.Value;

    /// <summary>Starts the slot-event baseline now, so events after C_Initialize are reported.</summary>
    public void StartEventBaseline() => _ = _events.Value;

    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_closing) return false;
            _activeCalls++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _activeCalls--;
            if (_activeCalls == 0) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>C_Finalize: refuse new calls, release waiters, wait for calls in progress, free everything.</summary>
    public void Shutdown()
    {
        lock (_gate) _closing = true;
        if (_events.IsValueCreated) _events.Value.Shutdown();
        var deadline = DateTime.UtcNow + FinalizeGrace;
        lock (_gate)
        {
            while (_activeCalls > 0)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    // A call blocked in the reader (a card or IFD handler that never answers: PC/SC has no
                    // timeout) holds its token's locks and PC/SC handle; closing them would block C_Finalize
                    // as long as the reader does. They are left to that call; the rest is dropped unclosed.
                    Log.Error("finalize", $"{_activeCalls} call(s) still running after {FinalizeGrace.TotalSeconds} s; abandoning the module's cards and PC/SC handles to them");
                    return;
                }
                Monitor.Wait(_gate, left);
            }
        }
        if (_events.IsValueCreated) _events.Value.Dispose();
        Tokens.ReleaseAll("released by C_Finalize");
        Slots.Dispose();
        AppLock?.Dispose();
    }

    /// <summary>
    /// In a forked child: the parent's PC/SC handles and threads are not ours. Drop everything
    /// without touching it (closing the parent's pcscd connections from the child would break the parent).
    /// </summary>
    public void Abandon()
    {
        lock (_gate) _closing = true;
    }
}
