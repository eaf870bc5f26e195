using System.Globalization;
using System.Numerics;

namespace SharpSC.Pkcs15.Asn1;

/// <summary>
/// Writes strict DER (X.690 §10): minimal length octets, minimal INTEGER content, named BIT STRINGs
/// without trailing zero bits. Constructed elements are written by a callback that fills a nested writer.
/// </summary>
public sealed class DerWriter
{
    private readonly List<byte> _buffer = [];

    public int Length => _buffer.Count;

    public byte[] ToArray() => [.. _buffer];

    /// <summary>Appends an already encoded element unchanged.</summary>
    public void WriteEncodedValue(ReadOnlySpan<byte> encoded)
    {
        foreach (var b in encoded)
            _buffer.Add(b);
    }

    public void WriteRaw(RawElement element) => WriteEncodedValue(element.Encoded);

    public void WriteRaw(IEnumerable<RawElement> elements)
    {
        foreach (var element in elements)
            WriteRaw(element);
    }

    public void WriteElement(Asn1Tag tag, ReadOnlySpan<byte> content)
    {
        WriteEncodedValue(tag.Encode());
        WriteLength(content.Length);
        WriteEncodedValue(content);
    }

    public void WriteConstructed(Asn1Tag tag, Action<DerWriter> content)
    {
        var inner = new DerWriter();
        content(inner);
        WriteElement(tag.AsConstructed(), inner._buffer.ToArray());
    }

    public void WriteSequence(Action<DerWriter> content) => WriteConstructed(Asn1Tag.Sequence, content);

    public void WriteInteger(BigInteger value, Asn1Tag? tag = null) =>
        WriteElement(tag ?? Asn1Tag.Integer, value.ToByteArray(isUnsigned: false, isBigEndian: true));

    public void WriteInteger(long value, Asn1Tag? tag = null) => WriteInteger(new BigInteger(value), tag);

    public void WriteEnumerated(long value, Asn1Tag? tag = null) => WriteInteger(new BigInteger(value), tag ?? Asn1Tag.Enumerated);

    public void WriteBoolean(bool value, Asn1Tag? tag = null) => WriteElement(tag ?? Asn1Tag.Boolean, [value ? (byte)0xFF : (byte)0x00]);

    public void WriteNull(Asn1Tag? tag = null) => WriteElement(tag ?? Asn1Tag.Null, []);

    public void WriteOctetString(ReadOnlySpan<byte> value, Asn1Tag? tag = null) => WriteElement(tag ?? Asn1Tag.OctetString, value);

    public void WriteBitString(ReadOnlySpan<byte> bits, int unusedBits, Asn1Tag? tag = null)
    {
        if (unusedBits is < 0 or > 7 || (bits.IsEmpty && unusedBits != 0))
            throw new ArgumentOutOfRangeException(nameof(unusedBits), unusedBits, "a BIT STRING has 0 to 7 unused bits, and 0 when empty");
        var content = new byte[bits.Length + 1];
        content[0] = (byte)unusedBits;
        bits.CopyTo(content.AsSpan(1));
        if (bits.Length > 0)
            content[^1] &= (byte)(0xFF << unusedBits);
        WriteElement(tag ?? Asn1Tag.BitString, content);
    }

    /// <summary>A named-bit BIT STRING from a mask whose bit 0 is the first bit; trailing zero bits are dropped (X.690 §11.2.2).</summary>
    public void WriteNamedBits(uint flags, Asn1Tag? tag = null)
    {
        var bitCount = 32 - BitOperations.LeadingZeroCount(flags);
        var bytes = new byte[(bitCount + 7) / 8];
        for (var i = 0; i < bitCount; i++)
        {
            if ((flags & (1u << i)) != 0)
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
        }
        WriteBitString(bytes, bytes.Length * 8 - bitCount, tag);
    }

    public void WriteObjectIdentifier(string dotted, Asn1Tag? tag = null) => WriteElement(tag ?? Asn1Tag.ObjectIdentifier, EncodeOid(dotted));

    /// <summary>A character string of universal type <paramref name="stringType"/>, optionally under an implicit tag.</summary>
    public void WriteString(string text, Asn1Tag stringType, Asn1Tag? tag = null) =>
        WriteElement(tag ?? stringType, DerText.Encode(stringType.Number, text));

    public void WriteUtf8String(string text, Asn1Tag? tag = null) => WriteString(text, Asn1Tag.Utf8String, tag);

    public void WriteGeneralizedTime(string text, Asn1Tag? tag = null)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
                throw new ArgumentException($"GeneralizedTime text contains U+{(int)c:X4}", nameof(text));
        }
        WriteElement(tag ?? Asn1Tag.GeneralizedTime, System.Text.Encoding.ASCII.GetBytes(text));
    }

    private void WriteLength(int length)
    {
        if (length < 0x80)
        {
            _buffer.Add((byte)length);
            return;
        }
        var count = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        _buffer.Add((byte)(0x80 | count));
        for (var i = count - 1; i >= 0; i--)
            _buffer.Add((byte)(length >> (8 * i)));
    }

    private static byte[] EncodeOid(string dotted)
    {
        var parts = dotted.Split('.');
        if (parts.Length < 2)
            throw new ArgumentException($"OBJECT IDENTIFIER '{dotted}' needs at least two arcs", nameof(dotted));
        var arcs = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out arcs[i]))
                throw new ArgumentException($"OBJECT IDENTIFIER '{dotted}' has an invalid arc '{parts[i]}'", nameof(dotted));
        }
        if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) || arcs[1] > ulong.MaxValue - 80)
            throw new ArgumentException($"OBJECT IDENTIFIER '{dotted}' has invalid first arcs", nameof(dotted));
        var bytes = new List<byte>();
        AppendBase128(bytes, arcs[0] * 40 + arcs[1]);
        for (var i = 2; i < arcs.Length; i++)
            AppendBase128(bytes, arcs[i]);
        return [.. bytes];
    }

    private static void AppendBase128(List<byte> bytes, ulong value)
    {
        var groups = new Stack<byte>();
        groups.Push((byte)(value & 0x7F));
        for (value >>= 7; value > 0; value >>= 7)
            groups.Push((byte)(0x80 | (value & 0x7F)));
        bytes.AddRange(groups);
    }
}
