namespace SharpSC.Cards.Transport;

/// <summary>The link to the card failed (reader error, protocol error, timeout).</summary>
public class CardTransportException : Exception
{
    public CardTransportException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The card was removed from the reader (or the reader disappeared).</summary>
public sealed class CardRemovedException : CardTransportException
{
    public CardRemovedException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Another party reset the card since our last exchange. The transport reconnected, but the card
/// lost its volatile state (selected applet, verified PIN, security environment).
/// </summary>
public sealed class CardResetException : CardTransportException
{
    public CardResetException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The card did not answer within its deadline (<see cref="CardDeadlines"/>), or an earlier command to the
/// same reader is still waiting for its answer. The exchange was abandoned to a worker thread; the card
/// is released once it answers.
/// </summary>
public sealed class CardTimeoutException : CardTransportException
{
    public CardTimeoutException(string message, Exception? inner = null) : base(message, inner) { }
}
