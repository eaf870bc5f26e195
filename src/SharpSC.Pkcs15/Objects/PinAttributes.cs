using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// PinAttributes (PKCS#15 v1.1 §6.8.2): pinFlags, pinType, minLength, storedLength, maxLength,
/// pinReference [0], padChar, lastPinChange, path. Null means the optional field is absent.
/// </summary>
public sealed record PinAttributes
{
    public PinFlags Flags { get; init; }

    public PinType Type { get; init; }

    public int MinLength { get; init; }

    public int StoredLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>pinReference [0] Reference DEFAULT 0; null when absent.</summary>
    public int? Reference { get; init; }

    public byte? PadChar { get; init; }

    public string? LastPinChange { get; init; }

    /// <summary>The DF the PIN lives in (for local PINs).</summary>
    public Pkcs15Path? Path { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
