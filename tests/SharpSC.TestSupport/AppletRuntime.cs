using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.TestSupport;

/// <summary>
/// A minimal card runtime around one <see cref="IApplet"/>, for in-process tests of applets and drivers: APDU
/// decoding, SELECT by AID (full or a prefix of at least 5 bytes), the applet's response shaping with GET
/// RESPONSE, extended-length acceptance, status-word exceptions, and 6F00 for anything else an applet throws.
/// Persistent changes are noted by the applet's <see cref="ChangeTracker"/>.
/// </summary>
internal sealed class AppletRuntime(IApplet applet)
{
    private const int ShortResponseMax = 256;
    private bool _selected = applet.DefaultSelected;
    private byte[]? _pending;

    public IApplet Applet => applet;

    public bool Selected => _selected;

    /// <summary>Warm reset: the applet loses its session; a default applet is selected again.</summary>
    public void Reset()
    {
        if (_selected) applet.Deselect();
        _pending = null;
        _selected = applet.DefaultSelected;
    }

    public byte[] Process(ReadOnlySpan<byte> raw)
    {
        var c = CommandApdu.TryParse(raw);
        if (c == null) return Response.Status(StatusWords.WrongLength).ToBytes();
        try
        {
            var pending = _pending;
            _pending = null;
            if (pending != null && c.Ins == 0xC0 && c.P1 == 0 && c.P2 == 0) return Chunk(pending, c.Ne).ToBytes();
            return Shape(c, Dispatch(c)).ToBytes();
        }
        catch (IsoException e)
        {
            return Response.Status(e.StatusWord).ToBytes();
        }
        catch (Exception)
        {
            return Response.Status(StatusWords.Unknown).ToBytes();
        }
    }

    private Response Dispatch(CommandApdu c)
    {
        if (c.Cla == 0x00 && c.Ins == 0xA4 && c.P1 == 0x04 && Names(c.Data))
        {
            if (_selected) applet.Deselect();
            _selected = true;
            return applet.Select(c);
        }
        if (!_selected) return Response.Status(c.Ins == 0xA4 ? StatusWords.FileNotFound : StatusWords.InsNotSupported);
        if (c.IsExtended && !applet.AcceptsExtendedLength) return Response.Status(StatusWords.WrongLength);
        return applet.Process(c);
    }

    private bool Names(byte[] aid) =>
        aid.Length >= 5 && aid.Length <= applet.Aid.Length && applet.Aid.AsSpan(0, aid.Length).SequenceEqual(aid);

    /// <summary>
    /// A response longer than Ne: 61xx pieces for applets that answer that way, also to an extended command (OpenSC
    /// 0.23 asks Le 0100 in an extended GENERATE for a 270-byte RSA-2048 public key); refused for the others.
    /// </summary>
    private Response Shape(CommandApdu c, Response r)
    {
        if (r.Data.Length == 0) return r;
        if (c.IsExtended)
            return applet.Shaping == ResponseShaping.GetResponseChunks && r.StatusWord == StatusWords.Ok && c.HasLe && c.Ne < r.Data.Length ? Chunk(r.Data, c.Ne) : r;
        if (applet.Shaping == ResponseShaping.RefuseLongShortResponse)
            return r.Data.Length > ShortResponseMax ? Response.Status(StatusWords.Unknown) : r;
        if (r.StatusWord == StatusWords.Ok && c.HasLe && c.Ne < r.Data.Length) return Chunk(r.Data, c.Ne);
        if (r.StatusWord == StatusWords.Ok && !c.HasLe && r.Data.Length > ShortResponseMax) return Chunk(r.Data, ShortResponseMax);
        return r;
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
