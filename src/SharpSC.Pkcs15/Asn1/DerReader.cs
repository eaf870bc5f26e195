using System.Globalization;
using System.Numerics;
using System.Text;

namespace SharpSC.Pkcs15.Asn1;

/// <summary>
/// A forward-only DER reader over a byte buffer that knows the absolute offset of every byte, so
/// that each failure is a <see cref="Pkcs15FormatException"/> naming the source and the offset.
/// Definite lengths only (X.690 §8.1.3); nesting is limited to <see cref="MaxDepth"/> levels.
/// </summary>
public sealed class DerReader
{
    public const int MaxDepth = 32;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly long _base;
    private int _pos;

    public DerReader(ReadOnlyMemory<byte> data, string source = "DER data", long baseOffset = 0)
        : this(data, source, baseOffset, 0)
    {
    }

    private DerReader(ReadOnlyMemory<byte> data, string source, long baseOffset, int depth)
    {
        _data = data;
        Source = source;
        _base = baseOffset;
        Depth = depth;
    }

    /// <summary>Name of what is being read, used in error messages (e.g. "PrKDF 3F0050154402").</summary>
    public string Source { get; }

    public int Depth { get; }

    /// <summary>Absolute offset of the next byte.</summary>
    public long Offset => _base + _pos;

    public bool HasData => _pos < _data.Length;

    public int Remaining => _data.Length - _pos;

    /// <summary>True when the next byte is 00 or FF, the padding that ends a PKCS#15 directory file.</summary>
    public bool IsAtPadding => HasData && _data.Span[_pos] is 0x00 or 0xFF;

    /// <summary>A second reader over the rest of this one, starting at the same position (this one does not move).</summary>
    public DerReader Fork() => new(_data[_pos..], Source, _base + _pos, Depth);

    /// <summary>Skips 00 and FF padding bytes; returns how many were skipped.</summary>
    public int SkipPadding()
    {
        var start = _pos;
        while (IsAtPadding)
            _pos++;
        return _pos - start;
    }

    public Pkcs15FormatException Error(string detail) => new(Source, Offset, detail);

    public Pkcs15FormatException ErrorAt(long offset, string detail) => new(Source, offset, detail);

    public Asn1Tag PeekTag()
    {
        var p = _pos;
        return ReadTag(ref p);
    }

    public bool IsNext(Asn1Tag tag) => HasData && PeekTag() == tag;

    /// <summary>True when the next element is a universal character string (UTF8String, PrintableString, ...).</summary>
    public bool IsNextString() => HasData && PeekTag().IsCharacterString;

    /// <summary>The whole next element (tag, length and content).</summary>
    public ReadOnlyMemory<byte> ReadEncodedValue()
    {
        var header = ReadHeader(_pos);
        var encoded = _data.Slice(_pos, header.HeaderLength + header.ContentLength);
        _pos += encoded.Length;
        return encoded;
    }

    public RawElement ReadRawElement() => RawElement.Trusted(ReadEncodedValue().Span);

    /// <summary>All elements left, kept as raw DER (unknown extensions that a rewrite must keep).</summary>
    public ValueList<RawElement> ReadRemaining()
    {
        if (!HasData)
            return ValueList<RawElement>.Empty;
        var list = new List<RawElement>();
        while (HasData)
            list.Add(ReadRawElement());
        return ValueList.From(list);
    }

    /// <summary>Throws unless every byte has been consumed.</summary>
    public void ExpectEnd(string what)
    {
        if (HasData)
            throw Error($"unexpected {DescribeNext()} after {what}");
    }

    /// <summary>Content of the next element, which must carry <paramref name="expected"/>.</summary>
    public ReadOnlyMemory<byte> ReadContent(Asn1Tag expected, string? field = null) => Take(expected, field, out _);

    /// <summary>A reader over the content of the next constructed element (a SEQUENCE, SET or explicit tag).</summary>
    public DerReader ReadConstructed(Asn1Tag expected, string? field = null)
    {
        var start = _pos;
        var content = Take(expected.AsConstructed(), field, out _);
        if (Depth + 1 > MaxDepth)
            throw ErrorAt(_base + start, $"nesting deeper than {MaxDepth} levels");
        return new DerReader(content, Source, _base + _pos - content.Length, Depth + 1);
    }

    public DerReader ReadSequence(string? field = null) => ReadConstructed(Asn1Tag.Sequence, field);

    public BigInteger ReadInteger(Asn1Tag? tag = null, string? field = null)
    {
        var content = Take(tag ?? Asn1Tag.Integer, field, out var at);
        if (content.IsEmpty)
            throw ErrorAt(at, $"INTEGER{For(field)} has no content");
        return new BigInteger(content.Span, isUnsigned: false, isBigEndian: true);
    }

    public int ReadInt32(Asn1Tag? tag = null, string? field = null)
    {
        var at = Offset;
        var value = ReadInteger(tag, field);
        if (value < int.MinValue || value > int.MaxValue)
            throw ErrorAt(at, $"INTEGER{For(field)} {value} does not fit in 32 bits");
        return (int)value;
    }

    public long ReadInt64(Asn1Tag? tag = null, string? field = null)
    {
        var at = Offset;
        var value = ReadInteger(tag, field);
        if (value < long.MinValue || value > long.MaxValue)
            throw ErrorAt(at, $"INTEGER{For(field)} {value} does not fit in 64 bits");
        return (long)value;
    }

    public int ReadEnumerated(Asn1Tag? tag = null, string? field = null) => ReadInt32(tag ?? Asn1Tag.Enumerated, field);

    public bool ReadBoolean(Asn1Tag? tag = null, string? field = null)
    {
        var content = Take(tag ?? Asn1Tag.Boolean, field, out var at);
        if (content.Length != 1)
            throw ErrorAt(at, $"BOOLEAN{For(field)} must have 1 content byte, has {content.Length}");
        return content.Span[0] != 0;
    }

    public void ReadNull(Asn1Tag? tag = null, string? field = null)
    {
        var content = Take(tag ?? Asn1Tag.Null, field, out var at);
        if (!content.IsEmpty)
            throw ErrorAt(at, $"NULL{For(field)} must be empty, has {content.Length} bytes");
    }

    public byte[] ReadOctetString(Asn1Tag? tag = null, string? field = null) =>
        Take(tag ?? Asn1Tag.OctetString, field, out _).ToArray();

    /// <summary>A BIT STRING's bytes and its count of unused bits in the last byte.</summary>
    public byte[] ReadBitString(out int unusedBits, Asn1Tag? tag = null, string? field = null)
    {
        var content = Take(tag ?? Asn1Tag.BitString, field, out var at).Span;
        if (content.IsEmpty)
            throw ErrorAt(at, $"BIT STRING{For(field)} has no content");
        unusedBits = content[0];
        if (unusedBits > 7)
            throw ErrorAt(at, $"BIT STRING{For(field)} declares {unusedBits} unused bits (at most 7)");
        if (content.Length == 1 && unusedBits != 0)
            throw ErrorAt(at, $"empty BIT STRING{For(field)} declares {unusedBits} unused bits");
        return content[1..].ToArray();
    }

    /// <summary>
    /// A named-bit BIT STRING (PKCS#15 flags) as a bit mask: the first bit of the string is bit 0 of
    /// the result. Trailing zero bits may be absent (X.690 §11.2.2). Bits past 31 must be zero.
    /// </summary>
    public uint ReadNamedBits(Asn1Tag? tag = null, string? field = null)
    {
        var at = Offset;
        var bytes = ReadBitString(out var unused, tag, field);
        var bitCount = bytes.Length * 8 - unused;
        uint value = 0;
        for (var i = 0; i < bitCount; i++)
        {
            if ((bytes[i / 8] & (0x80 >> (i % 8))) == 0)
                continue;
            if (i >= 32)
                throw ErrorAt(at, $"BIT STRING{For(field)} sets bit {i}; named bits end at 31");
            value |= 1u << i;
        }
        return value;
    }

    /// <summary>An OBJECT IDENTIFIER in dotted form (X.690 §8.19).</summary>
    public string ReadObjectIdentifier(Asn1Tag? tag = null, string? field = null)
    {
        var content = Take(tag ?? Asn1Tag.ObjectIdentifier, field, out var at).Span;
        if (content.IsEmpty)
            throw ErrorAt(at, $"OBJECT IDENTIFIER{For(field)} has no content");
        var text = new StringBuilder();
        ulong value = 0;
        var first = true;
        for (var i = 0; i < content.Length; i++)
        {
            if (value > ulong.MaxValue >> 7)
                throw ErrorAt(at, $"OBJECT IDENTIFIER{For(field)} has a sub-identifier larger than 64 bits");
            value = (value << 7) | (uint)(content[i] & 0x7F);
            if ((content[i] & 0x80) != 0)
            {
                if (i == content.Length - 1)
                    throw ErrorAt(at, $"OBJECT IDENTIFIER{For(field)} ends inside a sub-identifier");
                continue;
            }
            if (first)
            {
                var arc0 = value < 40 ? 0UL : value < 80 ? 1UL : 2UL;
                text.Append(arc0.ToString(CultureInfo.InvariantCulture)).Append('.').Append((value - arc0 * 40).ToString(CultureInfo.InvariantCulture));
                first = false;
            }
            else
            {
                text.Append('.').Append(value.ToString(CultureInfo.InvariantCulture));
            }
            value = 0;
        }
        return text.ToString();
    }

    /// <summary>The next element, which must be a universal character string type, as text.</summary>
    public string ReadString(string? field = null)
    {
        var tag = HasData ? PeekTag() : default;
        if (!HasData || !tag.IsCharacterString)
            throw Error($"expected a character string{For(field)}, found {DescribeNext()}");
        return ReadString(tag, tag.Number, field);
    }

    /// <summary>A string under an implicit tag; <paramref name="universalType"/> says how the content is encoded.</summary>
    public string ReadString(Asn1Tag tag, int universalType, string? field = null)
    {
        var content = Take(tag, field, out var at);
        return DerText.Decode(universalType, content.Span)
            ?? throw ErrorAt(at, $"BMPString{For(field)} has an odd length {content.Length}");
    }

    public string ReadUtf8String(Asn1Tag? tag = null, string? field = null) =>
        ReadString(tag ?? Asn1Tag.Utf8String, Asn1Tag.Utf8String.Number, field);

    /// <summary>GeneralizedTime text as stored (e.g. "20261127090746Z"); only printable ASCII is accepted.</summary>
    public string ReadGeneralizedTime(Asn1Tag? tag = null, string? field = null)
    {
        var content = Take(tag ?? Asn1Tag.GeneralizedTime, field, out var at).Span;
        foreach (var b in content)
        {
            if (b is < 0x20 or > 0x7E)
                throw ErrorAt(at, $"GeneralizedTime{For(field)} contains byte 0x{b:X2}");
        }
        return Encoding.ASCII.GetString(content);
    }

    private ReadOnlyMemory<byte> Take(Asn1Tag expected, string? field, out long at)
    {
        at = Offset;
        if (!HasData)
            throw Error($"expected {expected}{For(field)}, found end of data");
        var header = ReadHeader(_pos);
        if (header.Tag != expected)
            throw Error($"expected {expected}{For(field)}, found {DescribeNext()}");
        var content = _data.Slice(_pos + header.HeaderLength, header.ContentLength);
        _pos += header.HeaderLength + header.ContentLength;
        return content;
    }

    private string DescribeNext()
    {
        if (!HasData)
            return "end of data";
        var p = _pos;
        ReadTag(ref p);
        return "0x" + Convert.ToHexString(_data.Span[_pos..p]);
    }

    private static string For(string? field) => field is null ? "" : " for " + field;

    private readonly record struct Header(Asn1Tag Tag, int HeaderLength, int ContentLength);

    private Asn1Tag ReadTag(ref int p)
    {
        var span = _data.Span;
        var start = p;
        if (p >= span.Length)
            throw ErrorAt(_base + start, "expected an element, found end of data");
        var b = span[p++];
        var tagClass = (TagClass)(b >> 6);
        var constructed = (b & 0x20) != 0;
        var number = b & 0x1F;
        if (number == 0x1F)
        {
            number = 0;
            for (var count = 0; ; count++)
            {
                if (p >= span.Length)
                    throw ErrorAt(_base + start, "tag number truncated by end of data");
                var t = span[p++];
                if (count == 0 && t == 0x80)
                    throw ErrorAt(_base + start, "multi-byte tag number has a leading zero group");
                if (count == 4)
                    throw ErrorAt(_base + start, "tag number longer than 4 bytes");
                number = (number << 7) | (t & 0x7F);
                if ((t & 0x80) == 0)
                    break;
            }
        }
        return new Asn1Tag(tagClass, number, constructed);
    }

    private Header ReadHeader(int start)
    {
        var span = _data.Span;
        var p = start;
        var tag = ReadTag(ref p);
        if (p >= span.Length)
            throw ErrorAt(_base + start, $"length of {tag} missing at end of data");
        var first = span[p++];
        int length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            throw ErrorAt(_base + start, $"{tag} has an indefinite length, which DER does not allow");
        }
        else
        {
            var count = first & 0x7F;
            if (count > 4)
                throw ErrorAt(_base + start, $"{tag} has a {count}-byte length field (at most 4 supported)");
            if (count > span.Length - p)
                throw ErrorAt(_base + start, $"length field of {tag} truncated by end of data");
            long value = 0;
            for (var i = 0; i < count; i++)
                value = (value << 8) | span[p++];
            if (value > int.MaxValue)
                throw ErrorAt(_base + start, $"{tag} length {value} is too large");
            length = (int)value;
        }
        if (length > span.Length - p)
            throw ErrorAt(_base + start, $"{tag} length {length} exceeds the {span.Length - p} bytes left");
        return new Header(tag, p - start, length);
    }
}
