using SharpSC.Cards.Transport;
using SharpSC.VirtualCard.Applets.OpenPgp;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.TestSupport;

/// <summary>
/// An in-memory <see cref="ICardTransport"/> over the emulated OpenPGP card (a standalone card: the application
/// is selected after reset): drivers and tools run against it without pcscd. Counts and records the APDUs it
/// carries.
/// </summary>
public sealed class OpenPgpEmulatorTransport : ICardTransport
{
    private readonly ChangeTracker _changes = new();
    private readonly AppletRuntime _runtime;
    private int _transactionDepth;

    /// <summary>A card as delivered (PW1 123456, PW3 12345678, no keys) with the given or a random serial.</summary>
    public OpenPgpEmulatorTransport(uint? serial = null)
    {
        var state = serial is { } s ? new OpenPgpState(OpenPgpState.DefaultManufacturer, s) : OpenPgpState.Blank();
        _runtime = new AppletRuntime(new OpenPgpApplet(state, _changes));
    }

    private OpenPgpEmulatorTransport(byte[] saved)
    {
        _runtime = new AppletRuntime(OpenPgpApplet.Restore(saved, _changes));
    }

    /// <summary>A card restored from <see cref="SaveState"/> (as after a restart of the virtual card).</summary>
    public static OpenPgpEmulatorTransport Restore(byte[] saved) => new(saved);

    public ReadOnlyMemory<byte> Atr { get; } = OpenPgpApplet.DefaultAtr;

    public string ReaderName { get; init; } = "Emulator 00";

    /// <summary>APDUs sent through this transport.</summary>
    public int Apdus { get; private set; }

    /// <summary>Every exchange, in order (command, response).</summary>
    public List<(byte[] Command, byte[] Response)> Exchanges { get; } = [];

    /// <summary>True once a command changed persistent state (and clears the flag).</summary>
    public bool TakeChanged() => _changes.Take();

    public byte[] SaveState() => _runtime.Applet.SaveState();

    /// <summary>Warm reset of the card: verified passwords and selections are lost.</summary>
    public void Reset() => _runtime.Reset();

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        Apdus++;
        var response = _runtime.Process(command);
        Exchanges.Add((command.ToArray(), response));
        return response;
    }

    public IDisposable BeginTransaction()
    {
        _transactionDepth++;
        return new Scope(this);
    }

    public void Dispose()
    {
    }

    private sealed class Scope(OpenPgpEmulatorTransport owner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            owner._transactionDepth--;
        }
    }
}
