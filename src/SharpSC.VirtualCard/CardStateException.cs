namespace SharpSC.VirtualCard;

/// <summary>A state file that cannot be used: corrupt, of an unknown format version, or for another applet version.</summary>
public sealed class CardStateException(string message, Exception? inner = null) : Exception(message, inner);
