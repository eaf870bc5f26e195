namespace SharpSC.Cards.Pins;

/// <summary>
/// Answer to VERIFY without data (ISO 7816-4 §11.5.6). <see cref="VerificationRequired"/> false means the card
/// said 9000: verified already, or (IsoApplet before personalisation) no PIN set. IsoApplet answers 63Cx even
/// right after a successful VERIFY, so it cannot tell "verified".
/// </summary>
public readonly record struct PinStatus(int? TriesLeft, bool Blocked, bool VerificationRequired);
