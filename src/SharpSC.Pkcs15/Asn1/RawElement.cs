namespace SharpSC.Pkcs15.Asn1;

/// <summary>
/// One complete DER element (tag, length and content) kept as bytes: used for fields the model does
/// not interpret, so that a rewrite does not lose them. Compares by content.
/// </summary>
public readonly struct RawElement : IEquatable<RawElement>
{
    private readonly ByteString _encoded;

    private RawElement(ByteString encoded) => _encoded = encoded;

    /// <summary>Checks that <paramref name="encoded"/> is exactly one well-formed DER element.</summary>
    public static RawElement Parse(ReadOnlySpan<byte> encoded, string source = "raw element")
    {
        var bytes = encoded.ToArray();
        var reader = new DerReader(bytes, source);
        reader.ReadEncodedValue();
        if (reader.HasData)
            throw reader.Error("unexpected data after the element");
        return new RawElement(ByteString.Own(bytes));
    }

    internal static RawElement Trusted(ReadOnlySpan<byte> encoded) => new(new ByteString(encoded));

    public ReadOnlySpan<byte> Encoded => _encoded.Span;

    public ByteString Bytes => _encoded;

    public bool IsDefault => _encoded.IsEmpty;

    public Asn1Tag Tag => new DerReader(_encoded.Memory, "raw element").PeekTag();

    /// <summary>A reader positioned on this element.</summary>
    public DerReader CreateReader(string source = "raw element") => new(_encoded.Memory, source);

    public bool Equals(RawElement other) => _encoded.Equals(other._encoded);

    public override bool Equals(object? obj) => obj is RawElement other && Equals(other);

    public override int GetHashCode() => _encoded.GetHashCode();

    public static bool operator ==(RawElement left, RawElement right) => left.Equals(right);

    public static bool operator !=(RawElement left, RawElement right) => !left.Equals(right);

    public override string ToString() => _encoded.ToHex();
}
