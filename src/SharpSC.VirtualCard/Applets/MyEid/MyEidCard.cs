using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// A MyEID card in memory for in-process use (driver and personaliser tests, fuzzing, transcripts): the MyEID
/// application in the card runtime sharpsc-vcard uses, with a chosen serial number and its state as bytes rather
/// than a state file. Thread-safe; <see cref="Process"/> never throws.
/// </summary>
public sealed class MyEidCard
{
    private readonly Lock _gate = new();
    private readonly ChangeTracker _changes;
    private readonly MyEidApplet _applet;
    private readonly JavaCardRuntime _runtime;

    /// <summary>A blank card with a random serial number, or the given 10-byte one.</summary>
    public MyEidCard(byte[]? serial = null) : this(changes => new MyEidApplet(MyEidCardState.Blank(serial), changes))
    {
    }

    private MyEidCard(Func<ChangeTracker, MyEidApplet> make)
    {
        _changes = new ChangeTracker();
        _applet = make(_changes);
        _runtime = new JavaCardRuntime([_applet], _ => { });
    }

    /// <summary>Restores a card from <see cref="SaveState"/> bytes; InvalidDataException when they are not such a state.</summary>
    public static MyEidCard FromState(byte[] saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new MyEidCard(changes => MyEidApplet.Restore(saved, changes));
    }

    public byte[] Atr => MyEidApplet.DefaultAtr;

    /// <summary>The application inside, for tests that look at the card's state.</summary>
    internal MyEidApplet Applet => _applet;

    /// <summary>Commands processed since the card was made.</summary>
    public int Commands { get; private set; }

    /// <summary>True when persistent state changed since the last call.</summary>
    public bool TakeChanged()
    {
        lock (_gate) return _changes.Take();
    }

    public byte[] SaveState()
    {
        lock (_gate) return _applet.SaveState();
    }

    /// <summary>Warm reset: PINs unverified, MF current, security environment and pending answers gone.</summary>
    public void Reset()
    {
        lock (_gate) _runtime.Reset();
    }

    public byte[] Process(ReadOnlySpan<byte> apdu)
    {
        lock (_gate)
        {
            Commands++;
            return _runtime.Process(apdu);
        }
    }
}
