namespace SharpSC.VirtualCard.Runtime;

/// <summary>What an applet gets from the card it is installed on, blank or restored.</summary>
/// <param name="Changes">The card's change tracker: call <see cref="ChangeTracker.Mark"/> after every persistent change.</param>
/// <param name="MemoryCapacity">Free persistent memory of a blank card in bytes, for applets that model it (6A84 when exhausted).</param>
/// <param name="Log">Diagnostic lines (never PIN or key bytes).</param>
/// <param name="Alone">The applet is the card's only one (a standalone OpenPGP card selects its application at reset).</param>
internal sealed record AppletEnvironment(ChangeTracker Changes, int MemoryCapacity, Action<string> Log, bool Alone = false);
