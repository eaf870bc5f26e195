using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// One entry of a PKCS#15 directory file: PKCS15Object ::= SEQUENCE { commonObjectAttributes,
/// classAttributes, subClassAttributes [0] OPTIONAL, typeAttributes [1] } (PKCS#15 v1.1 §6.1.7).
/// </summary>
public abstract record Pkcs15Object
{
    public required CommonObjectAttributes Common { get; init; }

    /// <summary>Unknown elements after typeAttributes, kept for rewriting.</summary>
    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;

    public string? Label => Common.Label;

    /// <summary>The identifier used to pair objects: iD for keys and certificates, authId for PINs.</summary>
    public abstract Pkcs15Id? ObjectId { get; }
}
