using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Families;

/// <summary>
/// What a card family says about its PINs: the user PIN, its tries, the unblocking code and who the security
/// officer is. The card's PKCS#15 AODF, when it lists a PIN, describes that PIN; these facts fill what the AODF
/// does not say (a blank card, a PUK the AODF leaves out) and, with <see cref="UserPinFixed"/>, replace it.
/// </summary>
public sealed record PinFacts
{
    /// <summary>Nothing known beyond what the card's AODF says; no security officer.</summary>
    public static PinFacts FromCardOnly { get; } = new();

    /// <summary>The user PIN: reference and format. Null: only the AODF can say.</summary>
    public PinReference? UserPin { get; init; }

    /// <summary>
    /// The user PIN is always <see cref="UserPin"/> (the card has exactly one, e.g. IsoApplet's reference 01): a
    /// token needs no AODF read to log in, and the token has a user PIN whenever it has a PKCS#15 structure.
    /// </summary>
    public bool UserPinFixed { get; init; }

    /// <summary>Tries a fresh user PIN has (the retry counter's start); null when the card does not tell.</summary>
    public int? UserPinTries { get; init; }

    /// <summary>The unblocking code when the AODF lists none; null: the card has no PUK of its own.</summary>
    public UnblockingCode? Puk { get; init; }

    public SecurityOfficer SecurityOfficer { get; init; } = SecurityOfficer.None;

    /// <summary>The format of the security officer's secret: the SO PIN's, or the PUK's when the PUK is the SO's; null without one.</summary>
    public PinFormat? SecurityOfficerFormat => SecurityOfficer.Kind switch
    {
        SecurityOfficerKind.Puk => Puk?.Format,
        SecurityOfficerKind.Pin => SecurityOfficer.Pin?.Format,
        _ => null,
    };
}

/// <summary>
/// An unblocking code (PUK): its format and where RESET RETRY COUNTER finds it. With a <see cref="Reference"/>
/// the card has one PUK for its PIN (IsoApplet: 02); without, each PIN has its own PUK under the PIN's own
/// reference (MyEID: P2 of RESET RETRY COUNTER is the PIN's reference, the data PUK then new PIN).
/// </summary>
public sealed record UnblockingCode(PinFormat Format, string Name = "PUK")
{
    public byte? Reference { get; init; }

    /// <summary>Tries a fresh PUK has; null when the card does not tell.</summary>
    public int? Tries { get; init; }

    /// <summary>The PUK as the driver's PIN commands take it, for unblocking <paramref name="pin"/>.</summary>
    public PinReference For(PinReference pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return new PinReference(Reference ?? pin.Reference, Format, Name);
    }
}
