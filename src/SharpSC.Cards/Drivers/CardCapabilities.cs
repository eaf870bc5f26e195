namespace SharpSC.Cards.Drivers;

/// <summary>What the driver found the card can do; the PKCS#11 layer advertises mechanisms from this.</summary>
public sealed record CardCapabilities
{
    public CardFeatures Features { get; init; }
    public IReadOnlyList<SupportedAlgorithm> Algorithms { get; init; } = [];
    public bool IsReadOnly { get; init; }

    /// <summary>Largest READ BINARY answer the driver asks for.</summary>
    public int MaxReadChunk { get; init; } = 256;

    /// <summary>Largest UPDATE BINARY data field the driver sends.</summary>
    public int MaxWriteChunk { get; init; } = 255;

    /// <summary>Private key slots (key references 0..KeySlots-1), null when the card does not say.</summary>
    public int? KeySlots { get; init; }

    /// <summary>The card's own serial number, null when it has none.</summary>
    public byte[]? SerialNumber { get; init; }

    /// <summary>Why <see cref="SerialNumber"/> is null, for tools ("IsoApplet has no serial number").</summary>
    public string? SerialNumberNote { get; init; }

    public bool Has(CardFeatures feature) => (Features & feature) == feature;
}
