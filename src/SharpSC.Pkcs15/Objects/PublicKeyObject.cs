using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// A PuKDF entry for an RSA (SEQUENCE) or EC ([0]) public key (PKCS#15 v1.1 §6.7). The value is a
/// path to a file holding RSAPublicKey or SubjectPublicKeyInfo DER, or a direct value.
/// </summary>
public sealed record PublicKeyObject : Pkcs15Object
{
    public required KeyAlgorithm Algorithm { get; init; }

    public required CommonKeyAttributes Key { get; init; }

    public CommonPublicKeyAttributes? PublicKey { get; init; }

    public required ObjectValue Value { get; init; }

    /// <summary>modulusLength in bits (RSA; required there).</summary>
    public int? ModulusLength { get; init; }

    /// <summary>keyInfo as raw DER.</summary>
    public RawElement? KeyInfo { get; init; }

    public ValueList<RawElement> TypeExtensions { get; init; } = ValueList<RawElement>.Empty;

    public override Pkcs15Id? ObjectId => Key.Id;
}
