using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Families;

/// <summary>What a PIN is for, as the PKCS#15 AODF records it (pinFlags unblockingPin / soPin).</summary>
public enum PinRole
{
    User,
    SecurityOfficer,
    Unblocking,
}

/// <summary>
/// A PIN as a new token's AODF lists it: role, label, authId (what protected objects name), and the reference
/// and format the card uses. The PKCS#15 layer writes it as PinAttributes (initialized; needs-padding from the
/// format; case-sensitive, local and the type as said here).
/// </summary>
public sealed record PinEntry(PinRole Role, string Label, byte[] AuthId, PinReference Pin)
{
    /// <summary>pinFlags case-sensitive.</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>pinFlags local (the PIN belongs to the application DF, not the card).</summary>
    public bool Local { get; init; }

    /// <summary>pinType utf8 instead of ascii-numeric (a BCD format writes bcd).</summary>
    public bool Utf8 { get; init; }
}
