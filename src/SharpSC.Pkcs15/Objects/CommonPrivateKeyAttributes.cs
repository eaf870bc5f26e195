using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// CommonPrivateKeyAttributes (PKCS#15 v1.1 §6.6.4), the [0] subClassAttributes of a private key:
/// subjectName, keyIdentifiers [0]; the rest (generalName [1], ...) is kept raw.
/// </summary>
public sealed record CommonPrivateKeyAttributes
{
    /// <summary>The subject Name as DER (a SEQUENCE OF RelativeDistinguishedName).</summary>
    public RawElement? SubjectName { get; init; }

    public ValueList<CredentialIdentifier>? KeyIdentifiers { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
