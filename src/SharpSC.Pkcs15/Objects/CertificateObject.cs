using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// A CDF entry for an X.509 certificate (PKCS#15 v1.1 §6.9): CommonCertificateAttributes (iD,
/// authority, identifier; certHash, trustedUsage, identifiers, implicitTrust kept raw) and
/// X509CertificateAttributes.value (subject, issuer, serialNumber kept raw).
/// </summary>
public sealed record CertificateObject : Pkcs15Object
{
    public required Pkcs15Id Id { get; init; }

    /// <summary>authority BOOLEAN DEFAULT FALSE; null when absent (see <see cref="IsAuthority"/>).</summary>
    public bool? Authority { get; init; }

    public CredentialIdentifier? Identifier { get; init; }

    public ValueList<RawElement> CertificateExtensions { get; init; } = ValueList<RawElement>.Empty;

    public RawElement? SubClassAttributes { get; init; }

    /// <summary>The certificate: usually a path to a file with the DER certificate.</summary>
    public required ObjectValue Value { get; init; }

    public ValueList<RawElement> TypeExtensions { get; init; } = ValueList<RawElement>.Empty;

    public bool IsAuthority => Authority ?? false;

    public override Pkcs15Id? ObjectId => Id;
}
