using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// SecurityCondition of an access control rule (ISO/IEC 7816-15): always (NULL), an authId, or any
/// other alternative (authReference, not/and/or) kept as raw DER.
/// </summary>
public sealed record SecurityCondition
{
    private SecurityCondition()
    {
    }

    public static SecurityCondition Always { get; } = new() { IsAlways = true };

    public bool IsAlways { get; private init; }

    public Pkcs15Id? AuthId { get; private init; }

    public RawElement? Other { get; private init; }

    public static SecurityCondition ForAuthId(Pkcs15Id authId) => new() { AuthId = authId };

    public static SecurityCondition FromOther(RawElement element) => new() { Other = element };
}
