using SharpSC.Diagnostics;

namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// The reader list and the slot IDs given to readers and to the further applications found on their cards
/// (see <see cref="Slot"/>). A reader's slots are listed while the reader is.
/// </summary>
internal sealed class SlotManager(ICardReaders readers) : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Slot> _slots = [];
    private ulong _nextId;
    private bool _refreshed;
    private bool _disposed;

    public ICardReaders Readers => readers;

    /// <summary>Slots whose reader is currently present, in slot-ID order.</summary>
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

    /// <summary>The reader's first slot.</summary>
    public Slot? FindByReader(string readerName)
    {
        lock (_gate) return _slots.FirstOrDefault(s => s.ReaderName == readerName && s.Application is null);
    }

    /// <summary>All slots of a reader: its first, then those of further applications.</summary>
    public IReadOnlyList<Slot> SlotsOf(string readerName)
    {
        lock (_gate) return _slots.Where(s => s.ReaderName == readerName).ToArray();
    }

    /// <summary>The slot of a further application of the card in a reader, made on first sight (<paramref name="created"/>).</summary>
    public Slot SlotFor(string readerName, string application, out bool created)
    {
        lock (_gate)
        {
            created = false;
            if (_slots.FirstOrDefault(s => s.ReaderName == readerName && s.Application == application) is { } known)
                return known;
            var slot = new Slot(_nextId++, readerName, application)
            {
                ReaderPresent = _slots.Any(s => s.ReaderName == readerName && s.Application is null && s.ReaderPresent),
            };
            _slots.Add(slot);
            created = true;
            Log.Info("slots", $"slot {slot.Id}: \"{slot.Description}\"");
            return slot;
        }
    }

    /// <summary>Is a card in the reader right now (one status query to pcscd, no APDU)?</summary>
    public bool IsCardPresent(Slot slot) => Status(slot).CardPresent;

    /// <summary>
    /// The reader's state as pcscd knows it: card present, and the insert/remove event counter that
    /// tells a re-inserted (possibly different) card from the one we saw before.
    /// </summary>
    public (bool CardPresent, uint EventCounter) Status(Slot slot) =>
        slot.ReaderPresent ? readers.Status(slot.ReaderName) : (false, 0);

    private IReadOnlyList<Slot> RefreshLocked()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _refreshed = true;
        var names = readers.List();
        var changed = new List<Slot>();
        foreach (var slot in _slots)
        {
            var present = names.Contains(slot.ReaderName);
            if (present != slot.ReaderPresent)
            {
                slot.ReaderPresent = present;
                changed.Add(slot);
                Log.Info("slots", $"slot {slot.Id}: reader \"{slot.ReaderName}\" {(present ? "is back" : "went away")}");
            }
        }
        foreach (var name in names)
        {
            if (_slots.Any(s => s.ReaderName == name)) continue;
            var slot = new Slot(_nextId++, name);
            _slots.Add(slot);
            changed.Add(slot);
            Log.Info("slots", $"slot {slot.Id}: reader \"{name}\"");
        }
        return changed;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            readers.Dispose();
        }
    }
}
