using System.Numerics;
using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Tests;

public class DerWriterTests
{
    private static string Hex(Action<DerWriter> write)
    {
        var writer = new DerWriter();
        write(writer);
        return Convert.ToHexString(writer.ToArray());
    }

    [Theory]
    [InlineData(0, "020100")]
    [InlineData(127, "02017F")]
    [InlineData(128, "02020080")]
    [InlineData(255, "020200FF")]
    [InlineData(256, "02020100")]
    [InlineData(-1, "0201FF")]
    [InlineData(-128, "020180")]
    [InlineData(-129, "0202FF7F")]
    [InlineData(2048, "02020800")]
    public void WritesMinimalIntegers(long value, string expected) => Assert.Equal(expected, Hex(w => w.WriteInteger(value)));

    [Fact]
    public void WritesBigIntegers() => Assert.Equal("0209010000000000000000", Hex(w => w.WriteInteger(BigInteger.Pow(2, 64))));

    [Theory]
    [InlineData(0x03u, "030206C0")]
    [InlineData(0x02u, "03020640")]
    [InlineData(0x2Eu, "03020274")]
    [InlineData(0x1Du, "030203B8")]
    [InlineData(0xD1u, "0302008B")]
    [InlineData(0x31u, "0302028C")]
    [InlineData(0x08u, "03020410")]
    [InlineData(0u, "030100")]
    [InlineData(0x100u, "0303070080")]
    [InlineData(0x80000000u, "03050000000001")]
    public void WritesNamedBitsWithoutTrailingZeroBits(uint flags, string expected) => Assert.Equal(expected, Hex(w => w.WriteNamedBits(flags)));

    [Theory]
    [InlineData(127, "7F")]
    [InlineData(128, "8180")]
    [InlineData(255, "81FF")]
    [InlineData(256, "820100")]
    [InlineData(65535, "82FFFF")]
    [InlineData(65536, "83010000")]
    public void WritesMinimalLengths(int length, string header)
    {
        var hex = Hex(w => w.WriteOctetString(new byte[length]));
        Assert.StartsWith("04" + header, hex, StringComparison.Ordinal);
        Assert.Equal((1 + header.Length / 2 + length) * 2, hex.Length);
    }

    [Fact]
    public void WritesEveryType()
    {
        Assert.Equal("0101FF", Hex(w => w.WriteBoolean(true)));
        Assert.Equal("010100", Hex(w => w.WriteBoolean(false)));
        Assert.Equal("0500", Hex(w => w.WriteNull()));
        Assert.Equal("0A0101", Hex(w => w.WriteEnumerated(1)));
        Assert.Equal("06082A8648CE3D030107", Hex(w => w.WriteObjectIdentifier("1.2.840.10045.3.1.7")));
        Assert.Equal("0603883703", Hex(w => w.WriteObjectIdentifier("2.999.3")));
        Assert.Equal("0C0455736572", Hex(w => w.WriteUtf8String("User")));
        Assert.Equal("800454657374", Hex(w => w.WriteUtf8String("Test", Asn1Tag.Context(0))));
        Assert.Equal("13026162", Hex(w => w.WriteString("ab", Asn1Tag.PrintableString)));
        Assert.Equal("1E0400540065", Hex(w => w.WriteString("Te", Asn1Tag.BmpString)));
        Assert.Equal("180F32303236313132373039303734365A", Hex(w => w.WriteGeneralizedTime("20261127090746Z")));
        Assert.Equal("030306ABC0", Hex(w => w.WriteBitString([0xAB, 0xFF], 6)));
    }

    [Fact]
    public void WritesConstructedAndMultiByteTags()
    {
        Assert.Equal("A1053003020101", Hex(w => w.WriteConstructed(Asn1Tag.Context(1), c => c.WriteSequence(s => s.WriteInteger(1)))));
        Assert.Equal("9F810000", Hex(w => w.WriteElement(Asn1Tag.Context(128), [])));
        Assert.Equal("7F2100", Hex(w => w.WriteElement(Asn1Tag.Application(33, true), [])));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("3.1")]
    [InlineData("1.40")]
    [InlineData("1.2.x")]
    public void RejectsInvalidObjectIdentifiers(string oid) => Assert.Throws<ArgumentException>(() => Hex(w => w.WriteObjectIdentifier(oid)));

    [Fact]
    public void RejectsTextThatAStringTypeCannotHold() =>
        Assert.Throws<ArgumentException>(() => Hex(w => w.WriteString("\u20AC", Asn1Tag.PrintableString)));
}
