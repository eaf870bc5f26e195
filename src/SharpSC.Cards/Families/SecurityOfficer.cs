using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Families;

/// <summary>Who the PKCS#11 security officer (CKU_SO) is on a card.</summary>
public enum SecurityOfficerKind
{
    /// <summary>No security officer (a read-only card; C_Login(CKU_SO) is refused unless the AODF lists an SO PIN).</summary>
    None,

    /// <summary>
    /// The unblocking code is the SO's secret (IsoApplet, which has no SO PIN): C_Login(CKU_SO) takes the PUK,
    /// which the card only checks when it is used (C_InitPIN unblocks the user PIN with it; C_InitToken sets it).
    /// </summary>
    Puk,

    /// <summary>An SO PIN of its own that the card verifies (MyEID: reference 3, with its own PUK).</summary>
    Pin,
}

/// <summary>The security officer: its kind and, for <see cref="SecurityOfficerKind.Pin"/>, the SO PIN when the AODF lists none.</summary>
public sealed record SecurityOfficer(SecurityOfficerKind Kind, PinReference? Pin = null)
{
    public static SecurityOfficer None { get; } = new(SecurityOfficerKind.None);

    /// <summary>The PUK acts as the SO (see <see cref="SecurityOfficerKind.Puk"/>).</summary>
    public static SecurityOfficer ThePuk { get; } = new(SecurityOfficerKind.Puk);

    /// <summary>An SO PIN the card verifies (see <see cref="SecurityOfficerKind.Pin"/>).</summary>
    public static SecurityOfficer WithPin(PinReference pin) => new(SecurityOfficerKind.Pin, pin ?? throw new ArgumentNullException(nameof(pin)));
}
