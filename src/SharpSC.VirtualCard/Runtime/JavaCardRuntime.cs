using SharpSC.VirtualCard.Applet;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Runtime;

/// <summary>
/// The Java Card runtime around the applet: APDU decoding, logical channel and applet selection, the
/// response length rules of the platform, and the mapping of uncaught applet exceptions to 6F00.
/// </summary>
internal sealed class JavaCardRuntime(IsoApplet applet, Action<string> log)
{
    private const int ShortResponseMax = 256;

    private bool _appletSelected;
    private byte[]? _pendingOutput;

    public bool AppletSelected => _appletSelected;

    /// <summary>Card reset or power-up: the applet is deselected and the card manager is selected.</summary>
    public void Reset()
    {
        if (_appletSelected) applet.Deselect();
        _appletSelected = false;
        _pendingOutput = null;
    }

    public byte[] Process(ReadOnlySpan<byte> raw)
    {
        var c = CommandApdu.TryParse(raw);
        if (c == null) return Response.Status(StatusWords.WrongLength).ToBytes();
        try
        {
            var pending = _pendingOutput;
            _pendingOutput = null;
            if (pending != null && c.Cla == 0x00 && c.Ins == Instructions.GetResponse && c.P1 == 0 && c.P2 == 0)
                return Chunk(pending, c.Ne).ToBytes();
            return Shape(c, Dispatch(c)).ToBytes();
        }
        catch (IsoException e)
        {
            return Response.Status(e.StatusWord).ToBytes();
        }
        catch (AppletFaultException e)
        {
            log($"IsoApplet: uncaught exception, answering 6F00: {e.Message}");
            return Response.Status(StatusWords.Unknown).ToBytes();
        }
    }

    private Response Dispatch(CommandApdu c)
    {
        if (c.Cla == 0xFF) return Response.Status(StatusWords.ClaNotSupported);
        if (ClassByte.Channel(c.Cla) != 0 || c.Ins == Instructions.ManageChannel)
            return Response.Status(StatusWords.LogicalChannelNotSupported);
        if (IsAppletSelection(c))
        {
            if (c.Data.AsSpan().SequenceEqual(IsoApplet.Aid)) return SelectApplet();
            if (c.Data.AsSpan().SequenceEqual(CardManager.Aid)) return SelectCardManager();
        }
        if (!_appletSelected) return CardManager.Process(c);
        if (c.IsExtended && !applet.AcceptsExtendedLength) return Response.Status(StatusWords.WrongLength);
        return applet.Process(c);
    }

    // JCRE 2.2.2 §4.5: SELECT FILE with P1 04 and P2 000x xx00 on the basic channel selects an applet by AID.
    private static bool IsAppletSelection(CommandApdu c) =>
        c.Cla == 0x00 && c.Ins == Instructions.Select && c.P1 == 0x04 && (c.P2 & 0xE3) == 0;

    private Response SelectApplet()
    {
        if (_appletSelected) applet.Deselect();
        _appletSelected = true;
        return applet.Select();
    }

    private Response SelectCardManager()
    {
        if (_appletSelected) applet.Deselect();
        _appletSelected = false;
        return Response.Ok(CardManager.SelectResponse);
    }

    /// <summary>
    /// Response length rules. v1 (extended-length applet): a short command cannot carry more than 256
    /// response bytes (APDUException, 6F00). v0: when Le asks for fewer bytes than the data, the runtime
    /// returns Le bytes with 61xx and keeps the rest for GET RESPONSE. Without Le the data is sent as is.
    /// </summary>
    private Response Shape(CommandApdu c, Response r)
    {
        if (r.Data.Length == 0) return r;
        if (applet.AcceptsExtendedLength)
        {
            if (!c.IsExtended && r.Data.Length > ShortResponseMax)
            {
                log($"IsoApplet: {r.Data.Length}-byte response to a short APDU (APDUException), answering 6F00");
                return Response.Status(StatusWords.Unknown);
            }
            return r;
        }
        if (r.StatusWord == StatusWords.Ok && c.HasLe && c.Ne < r.Data.Length) return Chunk(r.Data, c.Ne);
        return r;
    }

    private Response Chunk(byte[] data, int ne)
    {
        var count = Math.Min(ne, data.Length);
        var left = data.Length - count;
        if (left == 0) return Response.Ok(data);
        _pendingOutput = data[count..];
        return new Response(data[..count], (ushort)(StatusWords.BytesRemaining | (left >= ShortResponseMax ? 0 : left)));
    }
}
