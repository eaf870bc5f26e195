using SharpSC.Diagnostics;
using SharpSC.PCSC;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// C_WaitForSlotEvent: card insertion/removal and reader arrival/departure (PnP notification) since
/// C_Initialize or the previous call. A card event is an event of every slot of its reader; after one, the
/// applications of the new card are found (<c>discover</c>) and a slot that appears for one of them is an
/// event too. Has its own PC/SC context, because a blocking
/// SCardGetStatusChange holds its context; <see cref="Shutdown"/> (C_Finalize) cancels it from
/// another thread and the waiter returns CKR_CRYPTOKI_NOT_INITIALIZED.
/// </summary>
internal sealed class SlotEventMonitor : IDisposable
{
    private static readonly TimeSpan NoServicePoll = TimeSpan.FromSeconds(1);

    // Blocking waits are cut into slices so that a cancel racing with the start of a wait (which
    // SCardCancel cannot catch) delays C_Finalize by one slice at most.
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(2);

    private readonly SlotManager _slots;
    private readonly Func<IReadOnlyList<Slot>> _discover;
    private readonly object _gate = new();
    private readonly object _waitGate = new();
    private readonly Queue<ulong> _pending = new();
    private readonly Dictionary<string, uint> _known = new(StringComparer.Ordinal);
    private readonly ManualResetEventSlim _shutdown = new();
    private uint _knownPnp;
    private PcscContext? _context;

    public SlotEventMonitor(SlotManager slots, Func<IReadOnlyList<Slot>> discover)
    {
        _slots = slots;
        _discover = discover;
        // The baseline: what is there now is not an event.
        lock (_gate) Poll(TimeSpan.Zero);
        _pending.Clear();
    }

    /// <summary>Returns CKR_OK with the slot, CKR_NO_EVENT (non-blocking), or CKR_CRYPTOKI_NOT_INITIALIZED after shutdown.</summary>
    public ulong Wait(bool dontBlock, out ulong slotId)
    {
        slotId = 0;
        // One blocking waiter at a time uses the context; others queue behind it.
        lock (_waitGate)
        {
            while (true)
            {
                if (_shutdown.IsSet) return CKR_CRYPTOKI_NOT_INITIALIZED;
                lock (_gate)
                {
                    if (_pending.TryDequeue(out slotId)) return CKR_OK;
                }
                var waited = Poll(dontBlock ? TimeSpan.Zero : WaitSlice);
                if (_shutdown.IsSet) return CKR_CRYPTOKI_NOT_INITIALIZED;
                lock (_gate)
                {
                    if (_pending.TryDequeue(out slotId)) return CKR_OK;
                }
                if (dontBlock) return CKR_NO_EVENT;
                if (!waited && _shutdown.Wait(NoServicePoll)) return CKR_CRYPTOKI_NOT_INITIALIZED;
            }
        }
    }

    /// <summary>One GetStatusChange round; queues events. False when PC/SC could not be asked.</summary>
    private bool Poll(TimeSpan timeout)
    {
        var context = Context();
        if (context == null) return false;
        foreach (var slot in _slots.Refresh()) Queue(slot.Id);

        var states = new List<ReaderState>();
        lock (_gate)
        {
            foreach (var slot in _slots.PresentSlots)
                states.Add(new ReaderState(slot.ReaderName, _known.GetValueOrDefault(slot.ReaderName)));
            states.Add(new ReaderState(ReaderState.PnpNotification, _knownPnp));
        }

        var rv = context.GetStatusChange(timeout, states);
        if (rv == PcscError.Timeout || rv == PcscError.Cancelled) return true;
        if (rv == PcscError.UnknownReader)
        {
            // A reader vanished between the list and the wait.
            foreach (var slot in _slots.Refresh()) Queue(slot.Id);
            return true;
        }
        if (rv != PcscError.Success)
        {
            Log.Error("slots", $"waiting for slot events: {PcscError.Describe(rv)}");
            DropContext();
            return false;
        }

        var cardEvent = false;
        lock (_gate)
        {
            foreach (var state in states)
            {
                if (state.ReaderName == ReaderState.PnpNotification)
                {
                    _knownPnp = state.EventState & ~(uint)ReaderStates.Changed;
                    continue;
                }
                var before = _known.GetValueOrDefault(state.ReaderName);
                var now = state.EventState & ~(uint)ReaderStates.Changed;
                _known[state.ReaderName] = now;
                if (IsCardEvent(before, now))
                {
                    cardEvent = true;
                    foreach (var slot in _slots.SlotsOf(state.ReaderName)) Queue(slot.Id);
                }
            }
        }
        foreach (var slot in _slots.Refresh()) Queue(slot.Id);
        if (cardEvent)
        {
            foreach (var slot in _discover()) Queue(slot.Id);
        }
        return true;
    }

    // A card event is a change of presence, or of the event counter (upper 16 bits), which pcscd
    // bumps on every insertion and removal, so a card swapped between two polls is not missed.
    private static bool IsCardEvent(uint before, uint now)
    {
        if (before == 0) return false; // first sight of this reader: baseline, not an event
        var presentBefore = (before & (uint)ReaderStates.Present) != 0;
        var presentNow = (now & (uint)ReaderStates.Present) != 0;
        return presentBefore != presentNow || (before >> 16) != (now >> 16);
    }

    private void Queue(ulong slotId)
    {
        lock (_gate)
        {
            if (!_pending.Contains(slotId)) _pending.Enqueue(slotId);
        }
    }

    private PcscContext? Context()
    {
        lock (_gate)
        {
            if (_shutdown.IsSet) return null;
            return _context ??= PcscContext.TryEstablish(out _);
        }
    }

    private void DropContext()
    {
        lock (_gate)
        {
            _context?.Dispose();
            _context = null;
        }
    }

    /// <summary>Releases a blocked waiter (C_Finalize from another thread).</summary>
    public void Shutdown()
    {
        _shutdown.Set();
        PcscContext? context;
        lock (_gate) context = _context;
        context?.Cancel();
    }

    public void Dispose()
    {
        Shutdown();
        lock (_waitGate) DropContext();
        _shutdown.Dispose();
    }
}
