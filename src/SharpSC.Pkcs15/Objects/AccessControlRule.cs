using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>AccessControlRule ::= SEQUENCE { accessMode AccessMode, securityCondition SecurityCondition, ... } (PKCS#15 v1.1 §6.2.1).</summary>
public sealed record AccessControlRule
{
    public AccessModes? Modes { get; init; }

    public SecurityCondition? Condition { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
