using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// An AODF PIN entry (PKCS#15 v1.1 §6.8): the authId from CommonAuthenticationObjectAttributes plus
/// PinAttributes.
/// </summary>
public sealed record PinObject : Pkcs15Object
{
    /// <summary>CommonAuthenticationObjectAttributes.authId: what other objects name in their authId.</summary>
    public Pkcs15Id? AuthId { get; init; }

    /// <summary>Unknown fields of CommonAuthenticationObjectAttributes (ISO/IEC 7816-15 authReference, seIdentifier, ...).</summary>
    public ValueList<RawElement> AuthExtensions { get; init; } = ValueList<RawElement>.Empty;

    /// <summary>A subClassAttributes [0] element, which PINs do not define, kept as raw DER.</summary>
    public RawElement? SubClassAttributes { get; init; }

    public required PinAttributes Attributes { get; init; }

    public override Pkcs15Id? ObjectId => AuthId;
}
