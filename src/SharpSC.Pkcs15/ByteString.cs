namespace SharpSC.Pkcs15;

/// <summary>
/// An immutable byte sequence that compares by content, so that the model records built from it
/// compare by value. ToString() is uppercase hex.
/// </summary>
public readonly struct ByteString : IEquatable<ByteString>
{
    private readonly byte[]? _bytes;

    public ByteString(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    private ByteString(byte[] owned, bool _) => _bytes = owned;

    public static ByteString Empty => default;

    public int Length => _bytes?.Length ?? 0;

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlyMemory<byte> Memory => _bytes;

    public byte this[int index] => Span[index];

    public byte[] ToArray() => Span.ToArray();

    public string ToHex() => Convert.ToHexString(Span);

    public static ByteString FromHex(string hex) => new(Convert.FromHexString(hex), true);

    /// <summary>Wraps an array the caller promises not to change afterwards (no copy).</summary>
    internal static ByteString Own(byte[] bytes) => new(bytes, true);

    public static implicit operator ByteString(byte[] bytes) => new(bytes);

    public bool Equals(ByteString other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ByteString other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ByteString left, ByteString right) => left.Equals(right);

    public static bool operator !=(ByteString left, ByteString right) => !left.Equals(right);

    public override string ToString() => ToHex();
}
