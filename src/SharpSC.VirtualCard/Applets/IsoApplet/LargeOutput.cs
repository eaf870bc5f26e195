using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// How the applet answers with more than a short response can hold: v0 stages the data in ram_buf and
/// hands it out in 256-byte pieces (61xx + GET RESPONSE); v1 sends it whole and relies on extended Le.
/// </summary>
internal static class LargeOutput
{
    public static Response Send(AppletState s, byte[] data)
    {
        if (!s.Profile.IsLegacy) return Response.Ok(data);
        if (data.Length > s.Ram.Bytes.Length) throw IsoException.Of(StatusWords.Unknown);
        data.CopyTo(s.Ram.Bytes, 0);
        return s.Ram.SendLarge(0, data.Length);
    }

    /// <summary>The data field of a command that may be chained (v0) or extended (v1); null while a v0 chain is open.</summary>
    public static int? Receive(AppletState s, CommandApdu c) =>
        s.Profile.IsLegacy ? s.Ram.ReceiveChained(c) : s.Ram.ReceiveAll(c);
}
