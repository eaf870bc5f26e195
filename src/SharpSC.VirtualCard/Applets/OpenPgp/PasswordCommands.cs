using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (§7.2.2-7.2.4). A wrong password answers 6982 and
/// costs a try (as OpenPGP cards answer, GnuPG's SW_CHV_WRONG); a blocked one 6983; an empty VERIFY tells
/// 9000 (verified) or 63Cx (tries left). Retry counters are persistent, verification states are not.
/// </summary>
internal sealed class PasswordCommands(OpenPgpState state, SessionState session, ChangeTracker changes)
{
    public Response Verify(CommandApdu c)
    {
        if (c.P1 == 0xFF)
        {
            // §7.2.2: P1 FF resets the verification state of the password (no data).
            if (c.Lc != 0) throw IsoException.Of(StatusWords.WrongLength);
            SetVerified(c.P2, false);
            return Response.Success;
        }
        if (c.P1 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var password = PasswordFor(c.P2);
        if (c.Lc == 0)
        {
            if (IsVerified(c.P2)) return Response.Success;
            return Response.Status((ushort)(StatusWords.PinTriesRemaining | password.Tries));
        }
        SetVerified(c.P2, false);
        if (password.IsBlocked) throw IsoException.Of(PgpSpec.AuthenticationBlocked);
        var ok = Check(password, c.Data);
        if (!ok) throw IsoException.Of(password.IsBlocked ? PgpSpec.AuthenticationBlocked : StatusWords.SecurityStatusNotSatisfied);
        SetVerified(c.P2, true);
        return Response.Success;
    }

    /// <summary>CHANGE REFERENCE DATA P2 81 (PW1) or 83 (PW3): data is the old password followed by the new one.</summary>
    public Response ChangeReferenceData(CommandApdu c)
    {
        if (c.P1 != 0x00 || c.P2 is not (PgpSpec.Pw.Pw1Signature or PgpSpec.Pw.Pw3)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var password = c.P2 == PgpSpec.Pw.Pw3 ? state.Pw3 : state.Pw1;
        var min = c.P2 == PgpSpec.Pw.Pw3 ? PgpSpec.Pw3MinLength : PgpSpec.Pw1MinLength;
        if (password.IsBlocked) throw IsoException.Of(PgpSpec.AuthenticationBlocked);
        var oldLength = password.Value.Length;
        var ok = c.Data.Length > oldLength && Check(password, c.Data.AsSpan(0, oldLength));
        if (!ok)
        {
            ForgetVerification(c.P2);
            throw IsoException.Of(password.IsBlocked ? PgpSpec.AuthenticationBlocked : StatusWords.SecurityStatusNotSatisfied);
        }
        var newValue = c.Data[oldLength..];
        if (newValue.Length < min || newValue.Length > 0x7F) throw IsoException.Of(StatusWords.WrongData);
        password.Set(newValue);
        changes.Mark();
        ForgetVerification(c.P2);
        return Response.Success;
    }

    /// <summary>
    /// RESET RETRY COUNTER of PW1 (P2 81): P1 00 with the resetting code followed by the new PW1; P1 02 with the
    /// new PW1 only, after PW3 was verified.
    /// </summary>
    public Response ResetRetryCounter(CommandApdu c)
    {
        if (c.P2 != PgpSpec.Pw.Pw1Signature || c.P1 is not (0x00 or 0x02)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        byte[] newValue;
        if (c.P1 == 0x02)
        {
            if (!session.Pw3) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
            newValue = c.Data;
        }
        else
        {
            var code = state.ResettingCode;
            if (!code.IsSet || code.IsBlocked) throw IsoException.Of(PgpSpec.AuthenticationBlocked);
            var codeLength = code.Value.Length;
            var ok = c.Data.Length > codeLength && Check(code, c.Data.AsSpan(0, codeLength));
            if (!ok) throw IsoException.Of(code.IsBlocked ? PgpSpec.AuthenticationBlocked : StatusWords.SecurityStatusNotSatisfied);
            newValue = c.Data[codeLength..];
        }
        if (newValue.Length < PgpSpec.Pw1MinLength || newValue.Length > 0x7F) throw IsoException.Of(StatusWords.WrongData);
        state.Pw1.Set(newValue);
        session.Pw1Signature = session.Pw1Other = false;
        changes.Mark();
        return Response.Success;
    }

    /// <summary>Checks a password; the retry counter is persistent, so a change of it is noted.</summary>
    private bool Check(Password password, ReadOnlySpan<byte> candidate)
    {
        var before = password.Tries;
        var ok = password.Check(candidate);
        if (password.Tries != before) changes.Mark();
        return ok;
    }

    private Password PasswordFor(byte reference) => reference switch
    {
        PgpSpec.Pw.Pw1Signature or PgpSpec.Pw.Pw1Other => state.Pw1,
        PgpSpec.Pw.Pw3 => state.Pw3,
        _ => throw IsoException.Of(StatusWords.IncorrectP1P2),
    };

    private bool IsVerified(byte reference) => reference switch
    {
        PgpSpec.Pw.Pw1Signature => session.Pw1Signature,
        PgpSpec.Pw.Pw1Other => session.Pw1Other,
        _ => session.Pw3,
    };

    private void SetVerified(byte reference, bool value)
    {
        switch (reference)
        {
            case PgpSpec.Pw.Pw1Signature: session.Pw1Signature = value; break;
            case PgpSpec.Pw.Pw1Other: session.Pw1Other = value; break;
            case PgpSpec.Pw.Pw3: session.Pw3 = value; break;
            default: throw IsoException.Of(StatusWords.IncorrectP1P2);
        }
    }

    /// <summary>A changed or mistyped password: PW1 change ends both PW1 states, PW3 change the PW3 state.</summary>
    private void ForgetVerification(byte reference)
    {
        if (reference == PgpSpec.Pw.Pw3) session.Pw3 = false;
        else session.Pw1Signature = session.Pw1Other = false;
    }
}
