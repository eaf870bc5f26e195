using SharpSC.Diagnostics;
using SharpSC.PCSC;

namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// The reader list and the slot IDs given to readers. Uses a PC/SC context of its own; when pcscd is
/// not running the list is empty (logged, never an error), and it is re-tried on the next refresh.
/// </summary>
internal sealed class SlotManager : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Slot> _slots = [];
    private PcscContext? _context;
    private ulong _nextId;
    private bool _refreshed;
    private bool _disposed;

    /// <summary>Readers currently present, in slot-ID order.</summary>
    public IReadOnlyList<Slot> PresentSlots
    {
        get
        {
            lock (_gate)
            {
                if (!_refreshed) RefreshLocked();
                return _slots.Where(s => s.ReaderPresent).ToArray();
            }
        }
    }

    /// <summary>Every slot ever seen, present or not.</summary>
    public IReadOnlyList<Slot> AllSlots
    {
        get
        {
            lock (_gate) return _slots.ToArray();
        }
    }

    /// <summary>Re-reads the reader list from PC/SC; returns the slots whose reader appeared or went.</summary>
    public IReadOnlyList<Slot> Refresh()
    {
        lock (_gate) return RefreshLocked();
    }

    public Slot? Find(ulong slotId)
    {
        lock (_gate)
        {
            if (!_refreshed) RefreshLocked();
            return _slots.FirstOrDefault(s => s.Id == slotId);
        }
    }

    public Slot? FindByReader(string readerName)
    {
        lock (_gate) return _slots.FirstOrDefault(s => s.ReaderName == readerName);
    }

    /// <summary>Is a card in the reader right now (one status query to pcscd, no APDU)?</summary>
    public bool IsCardPresent(Slot slot) => Status(slot).CardPresent;

    /// <summary>
    /// The reader's state as pcscd knows it: card present, and the insert/remove event counter that
    /// tells a re-inserted (possibly different) card from the one we saw before.
    /// </summary>
    public (bool CardPresent, uint EventCounter) Status(Slot slot)
    {
        lock (_gate)
        {
            var context = ContextLocked();
            if (context == null || !slot.ReaderPresent) return (false, 0);
            var states = new[] { new ReaderState(slot.ReaderName) };
            var rv = context.GetStatusChange(TimeSpan.Zero, states);
            if (rv == PcscError.Success || rv == PcscError.Timeout)
            {
                var present = (states[0].EventFlags & ReaderStates.Present) != 0 && (states[0].EventFlags & ReaderStates.Mute) == 0;
                return (present, states[0].EventState >> 16);
            }
            Log.Debug("slots", $"status of {slot.ReaderName}: {PcscError.Describe(rv)}");
            if (PcscError.MeansNoService(rv) || rv == PcscError.InvalidHandle) DropContextLocked();
            return (false, 0);
        }
    }

    private IReadOnlyList<Slot> RefreshLocked()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _refreshed = true;
        var readers = ListReadersLocked();
        var changed = new List<Slot>();
        foreach (var slot in _slots)
        {
            var present = readers.Contains(slot.ReaderName);
            if (present != slot.ReaderPresent)
            {
                slot.ReaderPresent = present;
                changed.Add(slot);
                Log.Info("slots", $"slot {slot.Id}: reader \"{slot.ReaderName}\" {(present ? "is back" : "went away")}");
            }
        }
        foreach (var name in readers)
        {
            if (_slots.Any(s => s.ReaderName == name)) continue;
            var slot = new Slot(_nextId++, name);
            _slots.Add(slot);
            changed.Add(slot);
            Log.Info("slots", $"slot {slot.Id}: reader \"{name}\"");
        }
        return changed;
    }

    private string[] ListReadersLocked()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var context = ContextLocked();
            if (context == null) return [];
            try
            {
                return context.ListReaders();
            }
            catch (PcscException e)
            {
                // pcscd restarted or went away: the context is dead; try one fresh context.
                Log.Error("slots", $"listing readers: {e.Message}");
                DropContextLocked();
            }
        }
        return [];
    }

    private PcscContext? ContextLocked()
    {
        if (_context != null) return _context;
        _context = PcscContext.TryEstablish(out _);
        return _context;
    }

    private void DropContextLocked()
    {
        _context?.Dispose();
        _context = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            DropContextLocked();
        }
    }
}
