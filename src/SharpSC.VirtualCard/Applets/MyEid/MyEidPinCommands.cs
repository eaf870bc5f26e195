using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER (ISO 7816-4 §11.5), MyEID's DEAUTHENTICATE (2E) and
/// the PIN creation of PUT DATA 01 01..0E. Wrong values cost a try (persistent); the PIN of reference n, once
/// verified, opens the ACL nibble n until reset or deauthentication.
/// </summary>
internal sealed class MyEidPinCommands(MyEidCardState state, MyEidSession session, MyEidAccess access, ChangeTracker changes)
{
    /// <summary>Unblocking by the unblocker role (flag bit 2) and changing by the admin role (flag bit 4).</summary>
    private const byte FlagUnblockableByUnblocker = 0x04;
    private const byte FlagGrantsUnblocker = 0x08;
    private const byte FlagChangeableByAdmin = 0x10;
    private const byte FlagGrantsAdmin = 0x20;

    /// <summary>VERIFY (P1 00, P2 1..14). No data: 9000 when verified (or not enforced), else 63Cx / 6983.</summary>
    public Response Verify(CommandApdu c)
    {
        if (c.P1 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var reference = Reference(c.P2);
        if (c.Lc == 0)
        {
            if (access.Permits(reference)) return Response.Success;
            var pin = Existing(reference);
            if (pin.Locked) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
            if (pin.PinTriesLeft == 0) throw IsoException.Of(StatusWords.AuthenticationBlocked);
            throw IsoException.Of((ushort)(StatusWords.PinTriesRemaining | pin.PinTriesLeft));
        }
        var value = MyEidPin.Pad(c.Data);
        var p = Existing(reference);
        if (p.Locked) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        CheckPin(p, value);
        session.Verified |= (ushort)(1 << (reference - 1));
        if ((p.Flags & FlagGrantsAdmin) != 0) session.Verified |= MyEidSession.AdminRole;
        if ((p.Flags & FlagGrantsUnblocker) != 0) session.Verified |= MyEidSession.UnblockerRole;
        return Response.Success;
    }

    /// <summary>CHANGE REFERENCE DATA: old PIN || new PIN (16 bytes), or the new PIN alone (8) in the admin role.</summary>
    public Response Change(CommandApdu c)
    {
        if (c.P1 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var pin = Existing(Reference(c.P2));
        byte[] newPin;
        switch (c.Lc)
        {
            case 16:
                CheckPin(pin, c.Data.AsSpan(0, 8));
                newPin = c.Data[8..16];
                break;
            case 8:
                if ((session.Verified & MyEidSession.AdminRole) == 0 || (pin.Flags & FlagChangeableByAdmin) == 0)
                    throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
                newPin = c.Data;
                break;
            default:
                throw IsoException.Of(StatusWords.WrongLength);
        }
        pin.ReplacePin(newPin);
        pin.Flags &= unchecked((byte)~MyEidPin.FlagLocked);
        changes.Mark();
        return Response.Success;
    }

    /// <summary>RESET RETRY COUNTER: PUK || new PIN (16 bytes), or the new PIN alone (8) in the unblocker role.</summary>
    public Response Unblock(CommandApdu c)
    {
        if (c.P1 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var pin = Existing(Reference(c.P2));
        byte[] newPin;
        switch (c.Lc)
        {
            case 16:
                CheckPuk(pin, c.Data.AsSpan(0, 8));
                newPin = c.Data[8..16];
                break;
            case 8:
                var unblocker = (session.Verified & MyEidSession.UnblockerRole) != 0 && (pin.Flags & FlagUnblockableByUnblocker) != 0;
                var admin = (session.Verified & MyEidSession.AdminRole) != 0 && (pin.Flags & FlagChangeableByAdmin) != 0;
                if (!unblocker && !admin) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
                newPin = c.Data;
                break;
            default:
                throw IsoException.Of(StatusWords.WrongLength);
        }
        pin.ReplacePin(newPin);
        pin.Flags = (pin.Flags & MyEidPin.FlagRelock) != 0
            ? (byte)(pin.Flags | MyEidPin.FlagLocked)
            : (byte)(pin.Flags & ~MyEidPin.FlagLocked);
        changes.Mark();
        return Response.Success;
    }

    /// <summary>DEAUTHENTICATE: P1 00 with P2 0 (all) or 1..14, P1 A0 (admin role), P1 B0 (unblocker role).</summary>
    public Response Deauthenticate(CommandApdu c)
    {
        if (c.Lc != 0) throw IsoException.Of(StatusWords.WrongLength);
        ushort keep = (c.P1, c.P2) switch
        {
            (0x00, 0x00) => 0,
            (0x00, <= 14) => (ushort)~(1 << (c.P2 - 1)),
            (0xA0, 0x00) => unchecked((ushort)~MyEidSession.AdminRole),
            (0xB0, 0x00) => unchecked((ushort)~MyEidSession.UnblockerRole),
            _ => throw IsoException.Of(StatusWords.IncorrectP1P2),
        };
        session.Verified &= keep;
        return Response.Success;
    }

    /// <summary>PUT DATA 01 &lt;ref&gt;: creates (or replaces) a PIN object; only in creation state (6982 after ACTIVATE).</summary>
    public Response Initialize(byte reference, byte[] data)
    {
        if (state.IsOperational) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var pin = MyEidPin.FromInitializeData(data);
        state.Pins[reference - 1] = pin;
        session.Verified &= (ushort)~(1 << (reference - 1));
        changes.Mark();
        return Response.Success;
    }

    /// <summary>GET DATA 01 Bx: the PIN object's counters and limits; 6A88 when it does not exist.</summary>
    public byte[] Info(int reference) => Existing(reference).Info();

    private void CheckPin(MyEidPin pin, ReadOnlySpan<byte> value)
    {
        if (pin.PinTriesLeft == 0) throw IsoException.Of(StatusWords.AuthenticationBlocked);
        if (MyEidPin.Matches(pin.Pin, value))
        {
            if (pin.PinTriesLeft != pin.PinTriesMax)
            {
                pin.PinTriesLeft = pin.PinTriesMax;
                changes.Mark();
            }
            return;
        }
        pin.PinTriesLeft--;
        changes.Mark();
        throw IsoException.Of(pin.PinTriesLeft == 0
            ? StatusWords.AuthenticationBlocked
            : (ushort)(StatusWords.PinTriesRemaining | pin.PinTriesLeft));
    }

    private void CheckPuk(MyEidPin pin, ReadOnlySpan<byte> value)
    {
        if (pin.PukTriesLeft == 0) throw IsoException.Of(StatusWords.AuthenticationBlocked);
        if (MyEidPin.Matches(pin.Puk, value))
        {
            if (pin.PukTriesLeft != pin.PukTriesMax)
            {
                pin.PukTriesLeft = pin.PukTriesMax;
                changes.Mark();
            }
            return;
        }
        pin.PukTriesLeft--;
        changes.Mark();
        throw IsoException.Of(pin.PukTriesLeft == 0
            ? StatusWords.AuthenticationBlocked
            : (ushort)(StatusWords.PinTriesRemaining | pin.PukTriesLeft));
    }

    private MyEidPin Existing(int reference) =>
        state.Pins[reference - 1] ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound);

    private static int Reference(byte p2) =>
        p2 is >= 1 and <= MyEidConstants.PinCount ? p2 : throw IsoException.Of(StatusWords.IncorrectP1P2);
}
