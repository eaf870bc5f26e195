using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (ISO 7816-4 §11.5) with the applet's PIN/PUK rules.</summary>
internal sealed class PinCommands(AppletState s)
{
    private const byte PinReference = 0x01;
    private const byte PukReference = 0x02;

    /// <summary>
    /// VERIFY 00 20 00 01: the PIN (4..16 bytes) is zero-padded to 16. Without data it reports 63Cx once a PIN
    /// exists (even when already verified) and 9000 before.
    /// </summary>
    public Response Verify(CommandApdu c)
    {
        if (c.P1 != 0x00 || c.P2 != PinReference) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var lc = c.Lc;
        if ((lc > 0 && lc < AppletState.PinMinLength) || lc > AppletState.PinMaxLength) throw IsoException.Of(StatusWords.WrongLength);
        if (lc == 0)
            return s.IsPersonalising ? Response.Success : Response.Status(TriesLeft(s.Pin));
        if (!s.Pin.Check(Padded(c.Data)))
        {
            s.Fs.UserAuthenticated = false;
            return Response.Status(TriesLeft(s.Pin));
        }
        s.Fs.UserAuthenticated = true;
        return Response.Success;
    }

    /// <summary>
    /// CHANGE REFERENCE DATA. Creation state: 00 24 01 02 sets the 16-byte PUK (-> initialisation) or
    /// 00 24 01 01 sets the PIN right away (no PUK ever). Initialisation: 00 24 01 01 sets the PIN
    /// (-> operational). Operational: 00 24 00 01 with old PIN || new PIN, both padded to 16 bytes.
    /// </summary>
    public Response ChangeReferenceData(CommandApdu c)
    {
        var lc = c.Lc;
        switch (s.LifeCycle)
        {
            case LifeCycle.Creation:
                if (c.P1 != 0x01 || (c.P2 != PukReference && c.P2 != PinReference)) throw IsoException.Of(StatusWords.IncorrectP1P2);
                if (c.P2 == PukReference)
                {
                    if (lc != AppletState.PukLength) throw IsoException.Of(StatusWords.WrongLength);
                    var puk = s.CreatePuk();
                    puk.Update(c.Data);
                    puk.ResetAndUnblock();
                    s.MoveTo(LifeCycle.Initialisation);
                }
                else
                {
                    SetPin(c);
                }
                return Response.Success;

            case LifeCycle.Initialisation:
                if (c.P1 != 0x01 || c.P2 != PinReference) throw IsoException.Of(StatusWords.IncorrectP1P2);
                SetPin(c);
                return Response.Success;

            default:
                if (c.P1 != 0x00 || c.P2 != PinReference) throw IsoException.Of(StatusWords.IncorrectP1P2);
                if (lc != 2 * AppletState.PinMaxLength) throw IsoException.Of(StatusWords.WrongLength);
                if (!s.Pin.Check(c.Data.AsSpan(0, AppletState.PinMaxLength))) return Response.Status(TriesLeft(s.Pin));
                s.Pin.Update(c.Data.AsSpan(AppletState.PinMaxLength, AppletState.PinMaxLength));
                return Response.Success;
        }
    }

    /// <summary>RESET RETRY COUNTER 00 2C 00 01: PUK (16 bytes) || new PIN (4..16 bytes); only when operational.</summary>
    public Response ResetRetryCounter(CommandApdu c)
    {
        if (s.LifeCycle != LifeCycle.Operational) throw IsoException.Of(StatusWords.CommandNotAllowed);
        var lc = c.Lc;
        if (lc < AppletState.PukLength + AppletState.PinMinLength || lc > AppletState.PukLength + AppletState.PinMaxLength)
            throw IsoException.Of(StatusWords.WrongLength);
        if (c.P1 != 0x00 || c.P2 != PinReference) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (s.Puk == null) return Response.Status(StatusWords.PinTriesRemaining);
        if (!s.Puk.Check(c.Data.AsSpan(0, AppletState.PukLength))) return Response.Status(TriesLeft(s.Puk));
        s.Pin.Update(Padded(c.Data.AsSpan(AppletState.PukLength)));
        s.Pin.ResetAndUnblock();
        return Response.Success;
    }

    private void SetPin(CommandApdu c)
    {
        if (c.Lc is > AppletState.PinMaxLength or < AppletState.PinMinLength) throw IsoException.Of(StatusWords.WrongLength);
        s.Pin.Update(Padded(c.Data));
        s.Pin.ResetAndUnblock();
        s.MoveTo(LifeCycle.Operational);
    }

    private static byte[] Padded(ReadOnlySpan<byte> pin)
    {
        var padded = new byte[AppletState.PinMaxLength];
        pin.CopyTo(padded);
        return padded;
    }

    private static ushort TriesLeft(OwnerPin pin) => (ushort)(StatusWords.PinTriesRemaining | pin.TriesRemaining);
}
