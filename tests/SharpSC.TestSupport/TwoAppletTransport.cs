using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.VirtualCard;

namespace SharpSC.TestSupport;

/// <summary>
/// An in-memory card with two applications, as a JavaCard hosting two applets: one IsoApplet emulator answers
/// to the IsoApplet AID, another to the PKCS#15 AID (A0 00 00 00 63 50 4B 43 53 2D 31 35). SELECT by AID
/// switches between them; the second gets a SELECT of its own AID, so it resets its PIN state as an applet's
/// select() does. Every other command goes to the application selected last. Counts APDUs and switches; can be
/// "pulled" (every exchange then fails as with a removed card).
/// </summary>
public sealed class TwoAppletTransport : ICardTransport
{
    private static readonly byte[] IsoAppletAid = [0xF2, 0x76, 0xA2, 0x88, 0xBC, 0xFB, 0xA6, 0x9D, 0x34, 0xF3, 0x10, 0x01];
    private static readonly byte[] Pkcs15Aid = [0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35];
    private IsoAppletCard? _selected;
    private int _transactionDepth;
    private int _owner;

    /// <summary>
    /// The built-in driver table with the IsoApplet row naming the generic PKCS#15 row as a possible neighbour, so
    /// that both applications of this card are found (the built-in table stops at IsoApplet).
    /// </summary>
    public static DriverRegistry DriverTable { get; } = new(DriverRegistry.Default.Entries.Select(e =>
        e.Name == IsoAppletDriver.DriverName ? e with { SharesCardWith = [GenericPkcs15Driver.DriverName] } : e));

    public TwoAppletTransport(IsoAppletCard first, IsoAppletCard second, string readerName = "Two applets 00")
    {
        First = first ?? throw new ArgumentNullException(nameof(first));
        Second = second ?? throw new ArgumentNullException(nameof(second));
        ReaderName = readerName;
    }

    /// <summary>The application behind the IsoApplet AID.</summary>
    public IsoAppletCard First { get; }

    /// <summary>The application behind the PKCS#15 AID.</summary>
    public IsoAppletCard Second { get; }

    public ReadOnlyMemory<byte> Atr => First.Atr;

    public string ReaderName { get; }

    public int Apdus { get; private set; }

    /// <summary>SELECTs that moved the card from one application to the other.</summary>
    public int Switches { get; private set; }

    /// <summary>SELECT by AID commands, successful or not.</summary>
    public int Selects { get; private set; }

    public int Transactions { get; private set; }

    /// <summary>The card was pulled: every exchange fails.</summary>
    public bool Pulled { get; set; }

    public bool Disposed { get; private set; }

    /// <summary>Commands a thread sent while another thread's transaction was open (the card's exclusivity broken).</summary>
    public int Interleaved { get; private set; }

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (Pulled) throw new CardRemovedException($"no card in {ReaderName}");
        Apdus++;
        if (Volatile.Read(ref _transactionDepth) > 0 && Volatile.Read(ref _owner) != Environment.CurrentManagedThreadId)
            Interleaved++;
        if (command.Length >= 5 && command[1] == 0xA4 && command[2] == 0x04)
        {
            Selects++;
            var aid = command.Slice(5, Math.Min(command[4], command.Length - 5));
            var target = aid.SequenceEqual(IsoAppletAid) ? First : aid.SequenceEqual(Pkcs15Aid) ? Second : null;
            if (target == null) return [0x6A, 0x82];
            if (_selected != null && target != _selected) Switches++;
            _selected = target;
            byte[] select = [0x00, 0xA4, 0x04, 0x00, (byte)IsoAppletAid.Length, .. IsoAppletAid, 0x00];
            return target.Process(select);
        }
        return (_selected ?? First).Process(command);
    }

    public IDisposable BeginTransaction()
    {
        if (Interlocked.Increment(ref _transactionDepth) == 1)
        {
            Transactions++;
            Volatile.Write(ref _owner, Environment.CurrentManagedThreadId);
        }
        return new Scope(this);
    }

    public void Dispose() => Disposed = true;

    private sealed class Scope(TwoAppletTransport owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref owner._transactionDepth);
        }
    }
}
