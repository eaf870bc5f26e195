using SharpSC.Cards.Transport;
using SharpSC.VirtualCard;
using SharpSC.VirtualCard.Applets.OpenPgp;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.TestSupport;

/// <summary>
/// An in-memory <see cref="ICardTransport"/> over an emulated card carrying the OpenPGP applet alone, with a serial
/// number of the test's choosing: drivers and tools run against it without pcscd. Counts and records the APDUs.
/// </summary>
public sealed class OpenPgpEmulatorTransport : ICardTransport
{
    private readonly OpenPgpApplet _applet;

    /// <summary>A card as delivered (PW1 123456, PW3 12345678, no keys) with the given or a random serial.</summary>
    /// <param name="atr">another ATR than a standalone OpenPGP card's (a card that may hold other applications)</param>
    public OpenPgpEmulatorTransport(uint? serial = null, byte[]? atr = null)
        : this(changes => new OpenPgpApplet(serial is { } s ? new OpenPgpState(OpenPgpState.DefaultManufacturer, s) : OpenPgpState.Blank(), changes,
            defaultSelected: atr == null), atr)
    {
    }

    private OpenPgpEmulatorTransport(Func<ChangeTracker, OpenPgpApplet> create, byte[]? atr = null)
    {
        var changes = new ChangeTracker();
        _applet = create(changes);
        Card = new EmulatedCard([_applet], changes, defaultAtr: atr ?? OpenPgpApplet.DefaultAtr);
    }

    /// <summary>A card restored from <see cref="SaveState"/> (as after a restart of the virtual card).</summary>
    public static OpenPgpEmulatorTransport Restore(byte[] saved) => new(changes => OpenPgpApplet.Restore(saved, changes, defaultSelected: true));

    public EmulatedCard Card { get; }

    public ReadOnlyMemory<byte> Atr => Card.Atr;

    public string ReaderName { get; init; } = "Emulator 00";

    /// <summary>APDUs sent through this transport.</summary>
    public int Apdus { get; private set; }

    /// <summary>Every exchange, in order (command, response).</summary>
    public List<(byte[] Command, byte[] Response)> Exchanges { get; } = [];

    public byte[] SaveState() => _applet.SaveState();

    /// <summary>Warm reset of the card: verified passwords and selections are lost.</summary>
    public void Reset() => Card.Reset();

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        Apdus++;
        var response = Card.Process(command);
        Exchanges.Add((command.ToArray(), response));
        return response;
    }

    public IDisposable BeginTransaction() => new Scope();

    public void Dispose()
    {
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
