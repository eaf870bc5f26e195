using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// CommonKeyAttributes (PKCS#15 v1.1 §6.6.2; algReference [1] from ISO/IEC 7816-15).
/// Null means the optional field is absent.
/// </summary>
public sealed record CommonKeyAttributes
{
    public required Pkcs15Id Id { get; init; }

    public KeyUsageFlags Usage { get; init; }

    /// <summary>native BOOLEAN DEFAULT TRUE; null when absent (see <see cref="IsNative"/>).</summary>
    public bool? Native { get; init; }

    public KeyAccessFlags? AccessFlags { get; init; }

    /// <summary>The card's key reference (IsoApplet: key slot 0-15).</summary>
    public int? KeyReference { get; init; }

    public string? StartDate { get; init; }

    /// <summary>endDate [0] GeneralizedTime.</summary>
    public string? EndDate { get; init; }

    /// <summary>algReference [1] SEQUENCE OF Reference: references into TokenInfo.supportedAlgorithms.</summary>
    public ValueList<int>? AlgorithmReferences { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;

    public bool IsNative => Native ?? true;
}
