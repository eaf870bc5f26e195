namespace SharpSC.Pkcs11.Tokens;

/// <summary>
/// Raised by a device when another party reset the card: the card forgot the selected application
/// and the verified PIN. The token re-establishes and, if logged in, re-presents the PIN once.
/// </summary>
internal sealed class TokenResetException : Exception
{
    public TokenResetException(string message, Exception? inner = null) : base(message, inner) { }
}
