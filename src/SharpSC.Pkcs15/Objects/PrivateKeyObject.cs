using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// A PrKDF entry for an RSA (SEQUENCE) or EC ([0]) private key (PKCS#15 v1.1 §6.6; ISO/IEC 7816-15).
/// Type attributes: value, modulusLength (RSA), OpenSC's fieldLength (EC), keyInfo.
/// </summary>
public sealed record PrivateKeyObject : Pkcs15Object
{
    public required KeyAlgorithm Algorithm { get; init; }

    public required CommonKeyAttributes Key { get; init; }

    /// <summary>subClassAttributes [0]; null when absent.</summary>
    public CommonPrivateKeyAttributes? PrivateKey { get; init; }

    /// <summary>Where the key is: OpenSC writes the key's DF (e.g. 3F005015) for on-card keys.</summary>
    public required ObjectValue Value { get; init; }

    /// <summary>modulusLength in bits (RSA; required there).</summary>
    public int? ModulusLength { get; init; }

    /// <summary>The field size in bits (EC), an OpenSC extension written right after the value.</summary>
    public int? FieldLength { get; init; }

    /// <summary>keyInfo (a reference INTEGER or paramsAndOps SEQUENCE) as raw DER.</summary>
    public RawElement? KeyInfo { get; init; }

    /// <summary>Unknown fields at the end of the type attributes.</summary>
    public ValueList<RawElement> TypeExtensions { get; init; } = ValueList<RawElement>.Empty;

    public override Pkcs15Id? ObjectId => Key.Id;

    /// <summary>Modulus length for RSA, field length for EC.</summary>
    public int? KeySizeBits => Algorithm == KeyAlgorithm.Rsa ? ModulusLength : FieldLength;
}
