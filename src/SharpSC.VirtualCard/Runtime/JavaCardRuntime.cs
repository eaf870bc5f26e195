using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Runtime;

/// <summary>
/// The Java Card runtime around the installed applets: APDU decoding, logical channel and applet
/// selection, the response length rules of the selected applet, and the mapping of uncaught applet
/// exceptions to 6F00. After a reset the default-selected applet is selected, or the card manager when
/// no applet is.
/// </summary>
internal sealed class JavaCardRuntime
{
    private const int ShortResponseMax = 256;

    /// <summary>ISO/IEC 7816-4 §7.1.1: a DF name (AID) is 5 to 16 bytes; a shorter one selects by exact match only.</summary>
    private const int PartialAidMinimum = 5;

    private readonly IReadOnlyList<IApplet> _applets;
    private readonly IApplet? _default;
    private readonly Action<string> _log;
    private IApplet? _selected;
    private byte[]? _pendingOutput;

    /// <exception cref="ArgumentException">No applet, two applets with the same AID, or two default-selected applets.</exception>
    public JavaCardRuntime(IReadOnlyList<IApplet> applets, Action<string> log)
    {
        if (applets.Count == 0) throw new ArgumentException("a card needs at least one applet");
        for (var i = 0; i < applets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (applets[j].Kind == applets[i].Kind)
                    throw new ArgumentException($"applet '{applets[i].Kind}' is installed twice");
                if (applets[j].Aid.AsSpan().SequenceEqual(applets[i].Aid))
                    throw new ArgumentException(
                        $"{applets[j].Kind} and {applets[i].Kind} have the same AID {Hex.Format(applets[i].Aid)}; a card holds one applet per AID");
            }
        }
        var defaults = applets.Where(a => a.DefaultSelected).ToList();
        if (defaults.Count > 1)
            throw new ArgumentException($"{defaults[0].Kind} and {defaults[1].Kind} both want to be the card's default applet");
        _applets = applets;
        _default = defaults.FirstOrDefault();
        _log = log;
        Reset();
    }

    public IReadOnlyList<IApplet> Applets => _applets;

    /// <summary>The applet that receives commands, or null while the card manager is selected.</summary>
    public IApplet? Selected => _selected;

    /// <summary>
    /// Card reset or power-up: the selected applet is deselected; the default applet (if any) is selected
    /// implicitly (JCRE 2.2.2 §4.1: its select() runs, here as a SELECT of its AID whose answer nobody reads).
    /// </summary>
    public void Reset()
    {
        _pendingOutput = null;
        Deselect();
        if (_default == null) return;
        _selected = _default;
        var select = CommandApdu.TryParse([0x00, Instructions.Select, 0x04, 0x00, (byte)_default.Aid.Length, .. _default.Aid])!;
        try
        {
            _default.Select(select);
        }
        catch (IsoException)
        {
            // the implicit selection has no one to answer
        }
        catch (Exception e)
        {
            _log($"{_default.Kind}: uncaught exception in its implicit selection: {e.Message}");
        }
    }

    private void Deselect()
    {
        var leaving = _selected;
        _selected = null;
        try
        {
            leaving?.Deselect();
        }
        catch (Exception e)
        {
            _log($"{leaving!.Kind}: uncaught exception in deselect: {e.Message}");
        }
    }

    public byte[] Process(ReadOnlySpan<byte> raw)
    {
        var c = CommandApdu.TryParse(raw);
        if (c == null) return Response.Status(StatusWords.WrongLength).ToBytes();
        var pending = _pendingOutput;
        _pendingOutput = null;
        if (pending != null && c.Cla == 0x00 && c.Ins == Instructions.GetResponse && c.P1 == 0 && c.P2 == 0)
            return Chunk(pending, c.Ne).ToBytes();
        var answering = _selected;
        try
        {
            var r = Dispatch(c, ref answering);
            return Shape(c, r, answering?.Shaping ?? ResponseShaping.GetResponseChunks, answering).ToBytes();
        }
        catch (IsoException e)
        {
            return Response.Status(e.StatusWord).ToBytes();
        }
        catch (Exception e)
        {
            _log($"{answering?.Kind ?? "card manager"}: uncaught exception, answering 6F00: {e.Message}");
            return Response.Status(StatusWords.Unknown).ToBytes();
        }
    }

    private Response Dispatch(CommandApdu c, ref IApplet? answering)
    {
        if (c.Cla == 0xFF) return Response.Status(StatusWords.ClaNotSupported);
        if (ClassByte.Channel(c.Cla) != 0 || c.Ins == Instructions.ManageChannel)
            return Response.Status(StatusWords.LogicalChannelNotSupported);
        if (IsAppletSelection(c))
        {
            if (Find(c.Data) is { } target)
            {
                answering = target;
                return SelectApplet(target, c);
            }
            if (c.Data.AsSpan().SequenceEqual(CardManager.Aid))
            {
                answering = null;
                return SelectCardManager();
            }
        }
        if (_selected == null) return CardManager.Process(c);
        if (c.IsExtended && !_selected.AcceptsExtendedLength) return Response.Status(StatusWords.WrongLength);
        return _selected.Process(c);
    }

    // JCRE 2.2.2 §4.5: SELECT FILE with P1 04 and P2 000x xx00 on the basic channel selects an applet by AID.
    private static bool IsAppletSelection(CommandApdu c) =>
        c.Cla == 0x00 && c.Ins == Instructions.Select && c.P1 == 0x04 && (c.P2 & 0xE3) == 0;

    /// <summary>The applet whose AID equals the SELECT data, else the first (in card order) whose AID starts with it (partial selection).</summary>
    private IApplet? Find(byte[] aid)
    {
        foreach (var a in _applets)
            if (a.Aid.AsSpan().SequenceEqual(aid)) return a;
        if (aid.Length < PartialAidMinimum) return null;
        foreach (var a in _applets)
            if (a.Aid.AsSpan().StartsWith(aid)) return a;
        return null;
    }

    private Response SelectApplet(IApplet target, CommandApdu select)
    {
        Deselect();
        _selected = target;
        return target.Select(select);
    }

    private Response SelectCardManager()
    {
        Deselect();
        return Response.Ok(CardManager.SelectResponse);
    }

    /// <summary>
    /// Response length rules of the applet that answered. <see cref="ResponseShaping.RefuseLongShortResponse"/>
    /// (an extended-length applet): a short command cannot carry more than 256 response bytes (APDUException,
    /// 6F00). <see cref="ResponseShaping.GetResponseChunks"/>: when Le asks for fewer bytes than the data, the
    /// runtime returns Le bytes with 61xx and keeps the rest for GET RESPONSE. Without Le the data is sent as is.
    /// </summary>
    private Response Shape(CommandApdu c, Response r, ResponseShaping shaping, IApplet? answering)
    {
        if (r.Data.Length == 0) return r;
        if (shaping == ResponseShaping.RefuseLongShortResponse)
        {
            if (!c.IsExtended && r.Data.Length > ShortResponseMax)
            {
                _log($"{answering?.Kind}: {r.Data.Length}-byte response to a short APDU (APDUException), answering 6F00");
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
