using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// Evaluates an ACL nibble: 0 always, 1..E the PIN of that reference verified in this session, F never. While the
/// card is in creation state (before ACTIVATE) nothing is enforced, as on MyEID.
/// </summary>
internal sealed class MyEidAccess(MyEidCardState state, MyEidSession session)
{
    public bool Permits(int nibble)
    {
        if (!state.IsOperational || nibble == MyEidConstants.AclAlways) return true;
        if (nibble == MyEidConstants.AclNever) return false;
        return session.IsVerified(nibble);
    }

    /// <summary>6982 unless the condition holds.</summary>
    public void Require(int nibble)
    {
        if (!Permits(nibble)) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }

    /// <summary>GET DATA 01 AC: the security status as a bit map (FFFF while nothing is enforced).</summary>
    public ushort AccessCondition => state.IsOperational ? session.Verified : (ushort)0xFFFF;
}
