namespace SharpSC.Pkcs15;

/// <summary>A PKCS#15 Identifier (OCTET STRING): the iD of a key or certificate, or the authId of a PIN. Prints as lowercase hex like OpenSC.</summary>
public readonly struct Pkcs15Id : IEquatable<Pkcs15Id>
{
    public Pkcs15Id(ReadOnlySpan<byte> value) => Value = new ByteString(value);

    public Pkcs15Id(ByteString value) => Value = value;

    public ByteString Value { get; }

    public int Length => Value.Length;

    public static Pkcs15Id Parse(string hex) => new(ByteString.FromHex(hex));

    public static Pkcs15Id FromByte(byte value) => new([value]);

    public bool Equals(Pkcs15Id other) => Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is Pkcs15Id other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public static bool operator ==(Pkcs15Id left, Pkcs15Id right) => left.Equals(right);

    public static bool operator !=(Pkcs15Id left, Pkcs15Id right) => !left.Equals(right);

    public override string ToString() => Value.ToHex().ToLowerInvariant();
}
