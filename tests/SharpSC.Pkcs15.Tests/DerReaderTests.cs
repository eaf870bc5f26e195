using System.Numerics;
using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Tests;

public class DerReaderTests
{
    private static DerReader Reader(string hex, string source = "test") => new(Convert.FromHexString(hex), source);

    private static Pkcs15FormatException Fails(string hex, Action<DerReader> read)
    {
        var reader = Reader(hex);
        return Assert.Throws<Pkcs15FormatException>(() => read(reader));
    }

    [Theory]
    [InlineData("020100", 0)]
    [InlineData("02017F", 127)]
    [InlineData("02020080", 128)]
    [InlineData("020180", -128)]
    [InlineData("0202FF7F", -129)]
    [InlineData("02020800", 2048)]
    [InlineData("02047FFFFFFF", int.MaxValue)]
    [InlineData("020480000000", int.MinValue)]
    public void ReadsIntegersAsTwosComplement(string hex, int expected) => Assert.Equal(expected, Reader(hex).ReadInt32());

    [Fact]
    public void ReadsArbitrarySizeIntegers()
    {
        var value = Reader("0209010000000000000000").ReadInteger();
        Assert.Equal(BigInteger.Pow(2, 64), value);
    }

    [Fact]
    public void RejectsIntegerThatDoesNotFitInt32()
    {
        var e = Fails("020500FFFFFFFF", r => r.ReadInt32(field: "keyReference"));
        Assert.Contains("does not fit in 32 bits", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void ReadsInt64AndEnumerated()
    {
        Assert.Equal(0x80000001L, Reader("02050080000001").ReadInt64());
        Assert.Equal(1, Reader("0A0101").ReadEnumerated());
    }

    [Fact]
    public void RejectsEmptyInteger() => Assert.Contains("has no content", Fails("0200", r => r.ReadInt32()).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("030206C0", 0x03u)]
    [InlineData("03020640", 0x02u)]
    [InlineData("03020274", 0x2Eu)]
    [InlineData("030203B8", 0x1Du)]
    [InlineData("0302008B", 0xD1u)]
    [InlineData("03020410", 0x08u)]
    [InlineData("030100", 0u)]
    [InlineData("0303060080", 0x100u)]
    [InlineData("030300C000", 0x03u)]
    public void ReadsNamedBitStringsFirstBitFirst(string hex, uint expected) => Assert.Equal(expected, Reader(hex).ReadNamedBits());

    [Fact]
    public void ReadsBitStringWithUnusedBits()
    {
        var bits = Reader("030306ABC0").ReadBitString(out var unused);
        Assert.Equal(6, unused);
        Assert.Equal(new byte[] { 0xAB, 0xC0 }, bits);
    }

    [Theory]
    [InlineData("0300", "has no content")]
    [InlineData("030108", "unused bits")]
    [InlineData("030208FF", "declares 8 unused bits")]
    public void RejectsMalformedBitStrings(string hex, string message) =>
        Assert.Contains(message, Fails(hex, r => r.ReadBitString(out _)).Message, StringComparison.Ordinal);

    [Fact]
    public void RejectsNamedBitsBeyond31() =>
        Assert.Contains("bit 32", Fails("03060700000000FF", r => r.ReadNamedBits()).Message, StringComparison.Ordinal);

    [Fact]
    public void ReadsBooleanNullOctetString()
    {
        var reader = Reader("0101FF010100050004033F0050");
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        reader.ReadNull();
        Assert.Equal(new byte[] { 0x3F, 0x00, 0x50 }, reader.ReadOctetString());
        Assert.False(reader.HasData);
    }

    [Theory]
    [InlineData("010200FF")]
    [InlineData("0100")]
    public void RejectsBooleanOfWrongLength(string hex) => Fails(hex, r => r.ReadBoolean());

    [Fact]
    public void RejectsNonEmptyNull() => Fails("050100", r => r.ReadNull());

    [Theory]
    [InlineData("06082A8648CE3D030107", "1.2.840.10045.3.1.7")]
    [InlineData("06072A8648CE3D0201", "1.2.840.10045.2.1")]
    [InlineData("0603550403", "2.5.4.3")]
    [InlineData("0603883703", "2.999.3")]
    [InlineData("060100", "0.0")]
    public void ReadsObjectIdentifiers(string hex, string expected) => Assert.Equal(expected, Reader(hex).ReadObjectIdentifier());

    [Theory]
    [InlineData("0600")]
    [InlineData("06022A86")]
    [InlineData("060B2AFFFFFFFFFFFFFFFFFF7F")]
    public void RejectsMalformedObjectIdentifiers(string hex) => Fails(hex, r => r.ReadObjectIdentifier());

    [Theory]
    [InlineData("0C0455736572", "User")]
    [InlineData("1304546573 74", "Test")]
    [InlineData("16026162", "ab")]
    [InlineData("1A026162", "ab")]
    [InlineData("1E0400540065", "Te")]
    [InlineData("0C03E282AC", "\u20AC")]
    [InlineData("0C02E9E9", "\u00E9\u00E9")]
    public void ReadsLabelTextFromEveryStringType(string hex, string expected) =>
        Assert.Equal(expected, Reader(hex.Replace(" ", "", StringComparison.Ordinal)).ReadString());

    [Fact]
    public void RejectsOddLengthBmpString() => Fails("1E03005400", r => r.ReadString());

    [Fact]
    public void ReadsImplicitlyTaggedUtf8Label() => Assert.Equal("Test", Reader("800454657374").ReadUtf8String(Asn1Tag.Context(0)));

    [Fact]
    public void ReadsGeneralizedTimeText() =>
        Assert.Equal("20261127090746Z", Reader("180F32303236313132373039303734365A").ReadGeneralizedTime());

    [Fact]
    public void RejectsNonPrintableGeneralizedTime() => Fails("18023200", r => r.ReadGeneralizedTime());

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void ReadsBoundaryLengths(int length)
    {
        var content = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var writer = new DerWriter();
        writer.WriteOctetString(content);
        var encoded = writer.ToArray();
        var expectedHeader = length < 128 ? 2 : length < 256 ? 3 : length < 65536 ? 4 : 5;
        Assert.Equal(expectedHeader + length, encoded.Length);
        Assert.Equal(content, new DerReader(encoded).ReadOctetString());
    }

    [Fact]
    public void AcceptsNonMinimalLongFormLength() => Assert.Equal(new byte[] { 1 }, Reader("04810101").ReadOctetString());

    [Theory]
    [InlineData("9F2001AA", 32)]
    [InlineData("9F7F01AA", 127)]
    [InlineData("9F810001AA", 128)]
    [InlineData("BF8F7F00", 2047)]
    public void ReadsMultiByteTagNumbers(string hex, int number)
    {
        var reader = Reader(hex);
        var tag = reader.PeekTag();
        Assert.Equal(TagClass.ContextSpecific, tag.Class);
        Assert.Equal(number, tag.Number);
        Assert.Equal(hex.Length / 2, reader.ReadEncodedValue().Length);
    }

    [Theory]
    [InlineData("9F", "truncated")]
    [InlineData("9F8001AA", "leading zero group")]
    [InlineData("9F8181818101", "longer than 4 bytes")]
    public void RejectsMalformedTags(string hex, string message) =>
        Assert.Contains(message, Fails(hex, r => r.ReadEncodedValue()).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("3080", "indefinite length")]
    [InlineData("04", "length of OCTET STRING (04) missing")]
    [InlineData("0405AABB", "length 5 exceeds the 2 bytes left")]
    [InlineData("0482FFFF00", "exceeds")]
    [InlineData("04850100000000", "5-byte length field")]
    [InlineData("048201", "truncated")]
    [InlineData("04FF", "127-byte length field")]
    [InlineData("0484FFFFFFFF", "too large")]
    public void RejectsMalformedLengths(string hex, string message) =>
        Assert.Contains(message, Fails(hex, r => r.ReadEncodedValue()).Message, StringComparison.Ordinal);

    [Fact]
    public void WrongTagNamesSourceOffsetExpectationAndFoundByte()
    {
        var reader = new DerReader(Convert.FromHexString("3003040101"), "PrKDF 3F0050154402", 0x37);
        var seq = reader.ReadSequence();
        var e = Assert.Throws<Pkcs15FormatException>(() => seq.ReadInt32(field: "keyReference"));
        Assert.Equal("PrKDF 3F0050154402 at offset 0x39: expected INTEGER (02) for keyReference, found 0x04", e.Message);
        Assert.Equal("PrKDF 3F0050154402", e.Source);
        Assert.Equal(0x39, e.Offset);
    }

    [Fact]
    public void EndOfDataIsNamed() =>
        Assert.Contains("expected INTEGER (02), found end of data", Fails("", r => r.ReadInt32()).Message, StringComparison.Ordinal);

    [Fact]
    public void ChildReadersReportAbsoluteOffsets()
    {
        var reader = Reader("30083006A1040201FF00");
        var inner = reader.ReadSequence().ReadSequence().ReadConstructed(Asn1Tag.Context(1, true));
        Assert.Equal(6, inner.Offset);
        var e = Assert.Throws<Pkcs15FormatException>(() => inner.ReadOctetString());
        Assert.Equal(6, e.Offset);
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsAFormatError()
    {
        var encoded = Nest(DerReader.MaxDepth + 1);
        var reader = new DerReader(encoded);
        var e = Assert.Throws<Pkcs15FormatException>(() => DescendForever(reader));
        Assert.Contains("nesting deeper than 32 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipsAndReadsRemainingElementsRaw()
    {
        var reader = Reader("0201010401AA0500");
        reader.ReadInt32();
        var rest = reader.ReadRemaining();
        Assert.Equal(2, rest.Count);
        Assert.Equal("0401AA", rest[0].ToString());
        Assert.Equal(Asn1Tag.Null, rest[1].Tag);
    }

    [Fact]
    public void DetectsAndSkipsPadding()
    {
        var reader = Reader("0500FF0000");
        reader.ReadNull();
        Assert.True(reader.IsAtPadding);
        Assert.Equal(3, reader.SkipPadding());
        Assert.False(reader.HasData);
    }

    [Fact]
    public void ForkReadsAheadWithoutMovingTheOriginal()
    {
        var reader = Reader("020105");
        Assert.Equal(5, reader.Fork().ReadInt32());
        Assert.Equal(0, reader.Offset);
    }

    [Fact]
    public void RawElementParseRejectsTrailingData() => Assert.Throws<Pkcs15FormatException>(() => RawElement.Parse(Convert.FromHexString("050000")));

    private static void DescendForever(DerReader reader)
    {
        for (var r = reader; ;)
            r = r.ReadSequence();
    }

    private static byte[] Nest(int levels)
    {
        byte[] inner = [];
        for (var i = 0; i < levels; i++)
        {
            var writer = new DerWriter();
            writer.WriteElement(Asn1Tag.Sequence, inner);
            inner = writer.ToArray();
        }
        return inner;
    }
}
