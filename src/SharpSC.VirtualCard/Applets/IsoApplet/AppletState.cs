using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// Everything the applet keeps: persistent (life cycle, PIN, PUK, files, 16 key slots, memory) and
/// transient (PIN validated flag, file selection, security environment, ram buffer).
/// </summary>
internal sealed class AppletState
{
    public const int PinTryLimit = 3;
    public const int PukTryLimit = 5;
    public const int PinMinLength = 4;
    public const int PinMaxLength = 16;
    public const int PukLength = 16;
    public const int KeySlots = 16;

    public AppletState(AppletProfile profile, ChangeTracker changes, MemoryBudget budget, IsoFileSystem? fs = null)
    {
        Profile = profile;
        Changes = changes;
        Budget = budget;
        Pin = new OwnerPin(PinTryLimit, changes);
        Fs = fs ?? new IsoFileSystem(budget);
    }

    public AppletProfile Profile { get; }
    public ChangeTracker Changes { get; }
    public MemoryBudget Budget { get; }

    public LifeCycle LifeCycle { get; private set; } = LifeCycle.Creation;
    public OwnerPin Pin { get; }

    /// <summary>The PUK exists only once set (in the creation state); the applet does not require it.</summary>
    public OwnerPin? Puk { get; private set; }

    public IsoFileSystem Fs { get; }
    public CardKey?[] Keys { get; } = new CardKey?[KeySlots];

    public SecurityEnvironment Environment { get; } = new();
    public RamBuffer Ram { get; } = new();

    /// <summary>v0: the SHA-1 of an ECDSA input arriving in a command chain.</summary>
    public Org.BouncyCastle.Crypto.Digests.Sha1Digest? EcdsaChainDigest { get; set; }

    public bool IsPersonalising => LifeCycle is LifeCycle.Creation or LifeCycle.Initialisation;

    public void MoveTo(LifeCycle next)
    {
        LifeCycle = next;
        Changes.Mark();
    }

    public OwnerPin CreatePuk()
    {
        Puk = new OwnerPin(PukTryLimit, Changes);
        return Puk;
    }

    /// <summary>Stores a key in a slot, charging the memory budget (6A84 when full).</summary>
    public void StoreKey(int slot, CardKey key)
    {
        Budget.Replace(Keys[slot]?.StorageCost ?? 0, key.StorageCost);
        Keys[slot] = key;
        Changes.Mark();
    }

    /// <summary>The key in a slot; an empty slot or a negative reference is an uncaught exception in the applet (6F00).</summary>
    public CardKey KeyAt(short reference)
    {
        if (reference < 0 || reference >= KeySlots)
            throw new AppletFaultException($"key reference {reference} outside the key array (ArrayIndexOutOfBoundsException)");
        return Keys[reference] ?? throw new AppletFaultException($"key slot {reference} is empty (NullPointerException)");
    }

    /// <summary>The applet's select(): before a PIN exists, file ACLs are satisfied; the selection starts at the MF.</summary>
    public void OnSelect()
    {
        Fs.UserAuthenticated = IsPersonalising;
        Fs.Select(null);
    }

    /// <summary>The applet's deselect() plus the clearing of its CLEAR_ON_DESELECT arrays.</summary>
    public void OnDeselect()
    {
        Pin.Reset();
        Puk?.Reset();
        Fs.UserAuthenticated = false;
        Fs.Select(null);
        Environment.Clear();
        Ram.Clear();
        EcdsaChainDigest = null;
    }

    /// <summary>Restores the persistent part from a state file.</summary>
    public void Restore(LifeCycle lifeCycle, OwnerPinSnapshot pin, OwnerPinSnapshot? puk, IReadOnlyDictionary<int, CardKey> keys)
    {
        LifeCycle = lifeCycle;
        Pin.Restore(pin.Value, pin.TriesRemaining);
        if (puk is { } p) CreatePuk().Restore(p.Value, p.TriesRemaining);
        foreach (var (slot, key) in keys) Keys[slot] = key;
        Budget.Restore(Fs.StorageCost + Keys.Sum(k => k?.StorageCost ?? 0));
        Changes.Take();
    }
}

/// <summary>A PIN or PUK as saved in the state file.</summary>
internal readonly record struct OwnerPinSnapshot(byte[]? Value, int TriesRemaining);
