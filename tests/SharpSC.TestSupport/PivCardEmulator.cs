using SharpSC.VirtualCard.Applets.Piv;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.TestSupport;

/// <summary>
/// The virtual PIV application (a YubiKey 5) on a card of its own, in process: SELECT by (partial) AID,
/// extended APDUs, long answers through 61xx / GET RESPONSE, the YubiKey 5 ATR. It applies the response rules
/// the IApplet contract names until the vcard runtime hosts applets; drivers and the CLI logic run against it
/// without pcscd.
/// </summary>
public sealed class PivCardEmulator
{
    private const int ShortResponseMax = 256;
    private readonly ChangeTracker _changes = new();
    private readonly Lock _gate = new();
    private PivApplet _applet;
    private bool _selected;
    private byte[]? _pending;

    /// <summary>A blank card (factory PIN, PUK and management key).</summary>
    public PivCardEmulator(uint? serial = null)
    {
        _applet = new PivApplet(_changes, serial);
    }

    private PivCardEmulator(PivApplet applet)
    {
        _applet = applet;
    }

    /// <summary>A card restored from <see cref="SaveState"/> bytes.</summary>
    public static PivCardEmulator Restore(byte[] state) => new(PivApplet.Restore(state, new ChangeTracker()));

    public byte[] Atr => (byte[])PivSpec.YubiKey5Atr.Clone();

    public uint Serial => _applet.Serial;

    /// <summary>The last exception the applet did not catch (answered 6F00), for tests to inspect.</summary>
    public Exception? LastFault { get; private set; }

    /// <summary>Commands processed since creation.</summary>
    public int Commands { get; private set; }

    /// <summary>The applet's state as it would be saved.</summary>
    public byte[] SaveState() => _applet.SaveState();

    /// <summary>True once since the last call when a command changed persistent state.</summary>
    public bool TakeChanged() => _changes.Take();

    /// <summary>Power cycle: the session's security status ends, nothing persistent changes.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            if (_selected) _applet.Deselect();
            _selected = false;
            _pending = null;
        }
    }

    /// <summary>Replaces the card by what its saved state restores (a vcard restart).</summary>
    public void Reload()
    {
        lock (_gate)
        {
            _applet = PivApplet.Restore(_applet.SaveState(), _changes);
            _selected = false;
            _pending = null;
        }
    }

    public byte[] Process(ReadOnlySpan<byte> raw)
    {
        lock (_gate)
        {
            Commands++;
            var c = CommandApdu.TryParse(raw);
            if (c == null) return Response.Status(StatusWords.WrongLength).ToBytes();
            try
            {
                var pending = _pending;
                _pending = null;
                if (pending != null && c.Cla == 0x00 && c.Ins == Instructions.GetResponse && c.P1 == 0 && c.P2 == 0)
                    return Chunk(pending, c.Ne == 0 ? ShortResponseMax : c.Ne).ToBytes();
                return Shape(c, Dispatch(c)).ToBytes();
            }
            catch (IsoException e)
            {
                return Response.Status(e.StatusWord).ToBytes();
            }
            catch (Exception e) when (e is not IsoException)
            {
                // An exception the applet does not catch: the Java Card runtime answers 6F00.
                LastFault = e;
                return Response.Status(StatusWords.Unknown).ToBytes();
            }
        }
    }

    private Response Dispatch(CommandApdu c)
    {
        if (c.Cla == 0x00 && c.Ins == Instructions.Select && c.P1 == 0x04)
        {
            var aid = _applet.Aid;
            if (c.Data.Length >= 5 && c.Data.Length <= aid.Length && aid.AsSpan(0, c.Data.Length).SequenceEqual(c.Data))
            {
                if (_selected) _applet.Deselect();
                _selected = true;
                return _applet.Select(c);
            }
        }
        if (!_selected) return Response.Status(c.Ins == Instructions.Select ? StatusWords.FileNotFound : StatusWords.InsNotSupported);
        if (c.IsExtended && !_applet.AcceptsExtendedLength) return Response.Status(StatusWords.WrongLength);
        return _applet.Process(c);
    }

    private Response Shape(CommandApdu c, Response r)
    {
        if (r.Data.Length == 0 || c.IsExtended) return r;
        var ne = c.Ne == 0 ? ShortResponseMax : c.Ne;
        return r.Data.Length > ne ? Chunk(r.Data, ne) : r;
    }

    private Response Chunk(byte[] data, int ne)
    {
        var count = Math.Min(ne, data.Length);
        var left = data.Length - count;
        if (left == 0) return Response.Ok(data);
        _pending = data[count..];
        return new Response(data[..count], (ushort)(StatusWords.BytesRemaining | (left >= ShortResponseMax ? 0 : left)));
    }
}
