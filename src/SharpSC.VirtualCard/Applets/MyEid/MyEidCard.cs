using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// A MyEID card in memory for in-process use (driver and personaliser tests, fuzzing): the MyEID application
/// selected from reset, with the card-side APDU rules around it (short APDUs only, 61xx + GET RESPONSE for long
/// answers, status words for exceptions). Thread-safe; <see cref="Process"/> never throws.
/// </summary>
public sealed class MyEidCard
{
    private const int ShortResponseMax = 256;
    private readonly Lock _gate = new();
    private readonly ChangeTracker _changes = new();
    private readonly MyEidApplet _applet;
    private byte[]? _pending;

    /// <summary>A blank card with a random serial number, or the given 10-byte one.</summary>
    public MyEidCard(byte[]? serial = null)
    {
        _applet = new MyEidApplet(MyEidCardState.Blank(serial), _changes);
    }

    private MyEidCard(MyEidApplet applet)
    {
        _applet = applet;
    }

    /// <summary>Restores a card from <see cref="SaveState"/> bytes; InvalidDataException when they are not such a state.</summary>
    public static MyEidCard FromState(byte[] saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new MyEidCard(MyEidApplet.Restore(saved, new ChangeTracker()));
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
        lock (_gate)
        {
            _pending = null;
            _applet.Deselect();
        }
    }

    public byte[] Process(ReadOnlySpan<byte> apdu)
    {
        lock (_gate)
        {
            Commands++;
            var c = CommandApdu.TryParse(apdu);
            if (c == null || c.IsExtended) return Response.Status(StatusWords.WrongLength).ToBytes();
            var pending = _pending;
            _pending = null;
            try
            {
                if (pending != null && c.Cla == 0x00 && c.Ins == MyEidIns.GetResponse && c.P1 == 0 && c.P2 == 0)
                    return Chunk(pending, c.Ne).ToBytes();
                var r = IsAppletSelection(c) ? _applet.Select(c) : _applet.Process(c);
                return (r.StatusWord == StatusWords.Ok && c.HasLe && r.Data.Length > c.Ne ? Chunk(r.Data, c.Ne) : r).ToBytes();
            }
            catch (IsoException e)
            {
                return Response.Status(e.StatusWord).ToBytes();
            }
            catch (Exception e) when (e is AppletFaultException or InvalidOperationException or ArgumentException or ArithmeticException)
            {
                return Response.Status(StatusWords.Unknown).ToBytes();
            }
        }
    }

    private static bool IsAppletSelection(CommandApdu c) =>
        c.Cla == 0x00 && c.Ins == MyEidIns.Select && c.P1 == 0x04 && c.Data.Length >= 5
        && MyEidConstants.Aid.AsSpan().StartsWith(c.Data);

    private Response Chunk(byte[] data, int ne)
    {
        var count = Math.Min(Math.Min(ne, ShortResponseMax), data.Length);
        var left = data.Length - count;
        if (left == 0) return Response.Ok(data);
        _pending = data[count..];
        return new Response(data[..count], (ushort)(StatusWords.BytesRemaining | (left >= ShortResponseMax ? 0 : left)));
    }
}
