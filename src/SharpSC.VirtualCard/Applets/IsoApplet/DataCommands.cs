using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>GET CHALLENGE, GET DATA (v1 version query) and GET RESPONSE (v0 large responses).</summary>
internal sealed class DataCommands(AppletState s)
{
    private const int ShortResponseMax = 256;

    /// <summary>
    /// GET CHALLENGE 00 84: Le random bytes (1..256; no Le or more than 256 is 6700). Only P1 is checked,
    /// as in the applet, whose test compares P1 twice.
    /// </summary>
    public Response GetChallenge(CommandApdu c)
    {
        if (c.P1 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.Ne is <= 0 or > ShortResponseMax) throw IsoException.Of(StatusWords.WrongLength);
        return Response.Ok(CardRandom.Bytes(c.Ne));
    }

    /// <summary>GET DATA 00 CA 01 01 (v1): API major, minor and the feature bitmap.</summary>
    public Response GetData(CommandApdu c)
    {
        if (c.P1 != 0x01 || c.P2 != 0x01) throw IsoException.Of(StatusWords.IncorrectP1P2);
        return Response.Ok([s.Profile.ApiMajor, s.Profile.ApiMinor, s.Profile.Features]);
    }

    /// <summary>
    /// GET RESPONSE 00 C0 (v0): the next piece of a response announced with 61xx. Needs the PIN (6982),
    /// something pending (6985) and Le equal to min(remaining, 256) (else 6Cxx).
    /// </summary>
    public Response GetResponse(CommandApdu c)
    {
        if (!s.Pin.IsValidated) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var remaining = s.Ram.BytesRemaining;
        if (remaining <= 0) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        var expected = Math.Min((int)remaining, ShortResponseMax);
        if (c.Ne != expected) throw IsoException.Of((ushort)(StatusWords.CorrectLength | (expected & 0xFF)));
        return s.Ram.SendLarge(s.Ram.CurrentPosition, remaining);
    }
}
