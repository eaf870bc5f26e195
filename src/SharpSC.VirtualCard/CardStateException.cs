namespace SharpSC.VirtualCard;

/// <summary>A state file that cannot be used: corrupt, of an unknown format version, holding an unknown applet, or other applets than asked for.</summary>
public sealed class CardStateException(string message, Exception? inner = null) : Exception(message, inner);
