namespace SharpSC.Benchmarks;

/// <summary>The card the virtual card runs (docs/VIRTUALCARD.md): an IsoApplet generation or MyEID.</summary>
public enum CardGeneration
{
    /// <summary>IsoApplet v0 (API 00.06): short APDUs, 256-byte reads, on-card SHA-1 for ECDSA.</summary>
    V0,

    /// <summary>IsoApplet v1 (API 01.00): extended APDUs; OpenSC 0.23 does not drive it.</summary>
    V1,

    /// <summary>MyEID 4.5 (OsEID's emulation): raw RSA, host-hashed ECDSA; OpenSC 0.23 drives it with its myeid driver.</summary>
    MyEid,
}

public static class CardGenerationNames
{
    public static string Name(this CardGeneration g) => g switch
    {
        CardGeneration.V0 => "v0",
        CardGeneration.V1 => "v1",
        _ => "myeid",
    };
}
