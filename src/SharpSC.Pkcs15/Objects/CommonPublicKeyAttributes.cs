using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// CommonPublicKeyAttributes (PKCS#15 v1.1 §6.7.2), the [0] subClassAttributes of a public key:
/// subjectName; trustedUsage, generalName and keyIdentifiers are kept raw.
/// </summary>
public sealed record CommonPublicKeyAttributes
{
    public RawElement? SubjectName { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
