namespace SharpSC.Benchmarks;

/// <summary>The IsoApplet generation the virtual card runs (docs/VIRTUALCARD.md).</summary>
public enum CardGeneration
{
    /// <summary>IsoApplet v0 (API 00.06): short APDUs, 256-byte reads, on-card SHA-1 for ECDSA.</summary>
    V0,

    /// <summary>IsoApplet v1 (API 01.00): extended APDUs; OpenSC 0.23 does not drive it.</summary>
    V1,
}

public static class CardGenerationNames
{
    public static string Name(this CardGeneration g) => g == CardGeneration.V0 ? "v0" : "v1";
}
