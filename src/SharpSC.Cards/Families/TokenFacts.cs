namespace SharpSC.Cards.Families;

/// <summary>
/// How a token made of this card describes itself (CK_TOKEN_INFO model and versions) and what its PINs are.
/// Every driver has facts (<see cref="Drivers.CardDriver.Facts"/>); a family that knows more than the defaults
/// (the driver's name as model, PINs only as the card's PKCS#15 AODF lists them) says so in its driver folder.
/// </summary>
public sealed record TokenFacts
{
    /// <summary>CK_TOKEN_INFO model ("IsoApplet 0.06"), at most 16 characters are shown.</summary>
    public required string Model { get; init; }

    public CardVersion Firmware { get; init; }

    public CardVersion Hardware { get; init; }

    public PinFacts Pins { get; init; } = PinFacts.FromCardOnly;

    /// <summary>Facts that only name the model: everything else is read from the card.</summary>
    public static TokenFacts Default(string model) => new() { Model = model };
}

/// <summary>A version as the card reports it (CK_VERSION: major, minor).</summary>
public readonly record struct CardVersion(byte Major, byte Minor);
