namespace SharpSC.Cards.Pins;

/// <summary>A PIN on the card: its reference (P2 of VERIFY; PKCS#15 pinReference), format and a name for messages.</summary>
public sealed record PinReference(byte Reference, PinFormat Format, string Name = "PIN");
