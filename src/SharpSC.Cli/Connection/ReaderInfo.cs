namespace SharpSC.Cli.Connection;

/// <summary>A PC/SC reader as listed: its index (as -r takes it), name, whether a card is in it and its ATR.</summary>
internal sealed record ReaderInfo(int Index, string Name, bool CardPresent, byte[] Atr);
