using SharpSC.VirtualCard;
using SharpSC.VirtualCard.Applets.Piv;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.TestSupport;

/// <summary>
/// The virtual PIV application (a YubiKey 5) on an in-process <see cref="EmulatedCard"/> (the vcard runtime:
/// SELECT by partial AID, extended APDUs, 61xx / GET RESPONSE, the YubiKey 5 ATR), with what tests need to
/// see of the applet: its serial, its saved state and whether a command changed it.
/// </summary>
public sealed class PivCardEmulator
{
    // The applet marks its own tracker, which tests read; the card gets another one (it has no state file to save).
    private readonly ChangeTracker _changes = new();
    private PivApplet _applet;

    /// <summary>A blank card (factory PIN, PUK and management key), with a random serial unless given.</summary>
    public PivCardEmulator(uint? serial = null)
    {
        _applet = new PivApplet(_changes, serial);
        Card = Host(_applet);
    }

    private PivCardEmulator(byte[] appletState)
    {
        _applet = PivApplet.Restore(appletState, _changes);
        Card = Host(_applet);
    }

    /// <summary>A card restored from <see cref="SaveState"/> bytes (<see cref="InvalidDataException"/> when they are bad).</summary>
    public static PivCardEmulator Restore(byte[] state) => new(state);

    /// <summary>The card carrying the applet.</summary>
    public EmulatedCard Card { get; private set; }

    public byte[] Atr => Card.Atr;

    public uint Serial => _applet.Serial;

    /// <summary>The applet's state as the card's state file records it for kind "piv".</summary>
    public byte[] SaveState() => _applet.SaveState();

    /// <summary>True once since the last call when a command changed persistent state.</summary>
    public bool TakeChanged() => _changes.Take();

    /// <summary>Power cycle: the session's security status ends, nothing persistent changes.</summary>
    public void Reset() => Card.Reset();

    /// <summary>Replaces the card by what its saved state restores (a vcard restart).</summary>
    public void Reload()
    {
        _applet = PivApplet.Restore(_applet.SaveState(), _changes);
        Card = Host(_applet);
    }

    public byte[] Process(ReadOnlySpan<byte> command) => Card.Process(command);

    /// <summary>An in-memory transport to this card, named as a YubiKey's reader (counts and records the APDUs).</summary>
    public EmulatorTransport Transport(string readerName = "Yubico YubiKey Emulator 00") => new(Card, readerName);

    private static EmulatedCard Host(PivApplet applet) => new([applet], new ChangeTracker());
}
