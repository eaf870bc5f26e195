using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>
/// AlgorithmInfo (PKCS#15 v1.1 §6.11): reference, algorithm (a PKCS#11 CKM_ value), parameters,
/// supportedOperations, objId, algRef.
/// </summary>
public sealed record AlgorithmInfo
{
    public required int Reference { get; init; }

    /// <summary>The PKCS#11 mechanism (CK_MECHANISM_TYPE).</summary>
    public required long Mechanism { get; init; }

    /// <summary>parameters (NULL for RSA, a curve OID for EC, ...) as raw DER.</summary>
    public required RawElement Parameters { get; init; }

    public AlgorithmOperations Operations { get; init; }

    public string? AlgorithmId { get; init; }

    public int? AlgorithmReference { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
