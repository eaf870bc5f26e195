namespace SharpSC.Cards.Files;

/// <summary>Who may do an operation on a file, in the abstract form drivers encode for their card.</summary>
public enum AccessCondition
{
    Always,

    /// <summary>After the user PIN was verified.</summary>
    Pin,

    /// <summary>After the security officer's PIN was verified (cards that have one, e.g. MyEID).</summary>
    SoPin,

    Never,

    /// <summary>Read back from a card: a condition this model has no name for.</summary>
    Unknown,
}
