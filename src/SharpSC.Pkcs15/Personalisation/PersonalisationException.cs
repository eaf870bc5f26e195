using SharpSC.Pkcs15.Card;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// A personalisation step that was refused before the card was touched, or that failed and left the card as
/// <see cref="Current"/> describes (null when the card is unchanged or its state is unknown).
/// </summary>
public sealed class PersonalisationException : Exception
{
    public PersonalisationException(PersonalisationError error, string message, Exception? inner = null, Pkcs15Card? current = null)
        : base(message, inner)
    {
        Error = error;
        Current = current;
    }

    public PersonalisationError Error { get; }

    /// <summary>The card's structure after a partial change, so callers can refresh without reading it again.</summary>
    public Pkcs15Card? Current { get; }
}
