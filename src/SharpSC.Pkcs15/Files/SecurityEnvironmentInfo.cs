using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>SecurityEnvironmentInfo ::= SEQUENCE { se INTEGER, owner OBJECT IDENTIFIER, aid OCTET STRING OPTIONAL, ... } (PKCS#15 v1.1 §6.11).</summary>
public sealed record SecurityEnvironmentInfo
{
    public required int Se { get; init; }

    public string? Owner { get; init; }

    public ByteString? Aid { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
