using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>A DODF opaque data object (PKCS#15 v1.1 §6.10): applicationName, applicationOID and the value.</summary>
public sealed record DataObject : Pkcs15Object
{
    public string? ApplicationName { get; init; }

    /// <summary>applicationOID in dotted form.</summary>
    public string? ApplicationOid { get; init; }

    public ValueList<RawElement> DataExtensions { get; init; } = ValueList<RawElement>.Empty;

    public RawElement? SubClassAttributes { get; init; }

    public required ObjectValue Value { get; init; }

    public override Pkcs15Id? ObjectId => null;
}
