using SharpSC.VirtualCard.FileSystem;

namespace SharpSC.VirtualCard;

/// <summary>Settings of an emulated card that are not card state.</summary>
public sealed class EmulatedCardOptions
{
    /// <summary>The ATR to answer with (default: the catalog's ATR of the card's first applet).</summary>
    public byte[]? Atr { get; init; }

    /// <summary>Free persistent memory of a blank card in bytes, for applets that model it (files and keys share it; 6A84 when exhausted).</summary>
    public int MemoryCapacity { get; init; } = MemoryBudget.DefaultCapacity;

    /// <summary>Receives diagnostic lines (uncaught applet exceptions, save failures). Never PIN or key bytes.</summary>
    public Action<string>? Log { get; init; }
}
