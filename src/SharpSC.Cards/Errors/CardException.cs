using System.Globalization;

namespace SharpSC.Cards.Errors;

/// <summary>
/// The one error type of the card layer: a kind, the status word when the card answered one, and the PIN tries
/// left when the card reported them. Transport failures stay <see cref="Transport.CardTransportException"/>.
/// </summary>
public sealed class CardException : Exception
{
    public CardException(CardError error, string message, ushort? statusWord = null, int? triesLeft = null, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        StatusWord = statusWord;
        TriesLeft = triesLeft;
    }

    public CardError Error { get; }

    /// <summary>SW1 SW2 as the card answered, or null when the error was found on this side.</summary>
    public ushort? StatusWord { get; }

    /// <summary>For <see cref="CardError.PinIncorrect"/> / <see cref="CardError.AuthenticationBlocked"/>: tries left, when known.</summary>
    public int? TriesLeft { get; }

    /// <summary>A malformed card answer (never an IndexOutOfRange deeper down).</summary>
    public static CardException Malformed(string what) =>
        new(CardError.UnexpectedResponse, "Unexpected card response: " + what);

    /// <summary>Builds the exception for a status word, with the operation named first ("VERIFY: wrong PIN, 2 tries left (SW 63C2)").</summary>
    public static CardException FromStatusWord(ushort sw, string operation)
    {
        var (error, description, tries) = StatusWordMap.Describe(sw);
        var text = string.Create(CultureInfo.InvariantCulture, $"{operation}: {description} (SW {sw:X4})");
        return new CardException(error, text, sw, tries);
    }
}
