using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>
/// An EF.DIR application template (ISO/IEC 7816-4 §8.2.1.1, tag 61): 4F AID, 50 label, 51 path,
/// 73 discretionary data objects (the PKCS#15 DDO). Other data objects are kept raw.
/// </summary>
public sealed record ApplicationTemplate
{
    public required ByteString Aid { get; init; }

    public string? Label { get; init; }

    /// <summary>Path of the application DF (tag 51), e.g. 3F005015.</summary>
    public ByteString? Path { get; init; }

    public ApplicationDdo? Ddo { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
