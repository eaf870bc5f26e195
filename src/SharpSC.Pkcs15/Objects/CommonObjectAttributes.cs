using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// CommonObjectAttributes (PKCS#15 v1.1 §6.2.1): label, flags, authId, userConsent, accessControlRules.
/// Null means the optional field is absent.
/// </summary>
public sealed record CommonObjectAttributes
{
    public string? Label { get; init; }

    public ObjectFlags? Flags { get; init; }

    /// <summary>The PIN (authId of an AODF entry) that protects this object.</summary>
    public Pkcs15Id? AuthId { get; init; }

    public int? UserConsent { get; init; }

    public ValueList<AccessControlRule>? AccessControlRules { get; init; }

    /// <summary>Unknown fields after the known ones, kept for rewriting.</summary>
    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;

    public bool IsPrivate => ((Flags ?? ObjectFlags.None) & ObjectFlags.Private) != 0;

    public bool IsModifiable => ((Flags ?? ObjectFlags.None) & ObjectFlags.Modifiable) != 0;
}
