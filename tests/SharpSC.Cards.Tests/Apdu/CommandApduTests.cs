using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Tests.Apdu;

public class CommandApduTests
{
    [Theory]
    [InlineData("", 0, "00A40000", 1)]
    [InlineData("", 8, "0084000008", 2)]
    [InlineData("", 256, "0084000000", 2)]
    [InlineData("3F00", 0, "00A40000023F00", 3)]
    [InlineData("3F00", 256, "00A40000023F0000", 4)]
    [InlineData("3F00", 47, "00A40000023F002F", 4)]
    public void Short_encoding_follows_the_iso_cases(string data, int ne, string expected, int @case)
    {
        var h = Hex.Decode(expected);
        var apdu = new CommandApdu(h[0], h[1], h[2], h[3], Hex.Decode(data), ne);
        Assert.Equal(expected, Hex.Encode(apdu.Encode()));
        Assert.Equal(@case, apdu.Case);
        Assert.False(apdu.NeedsExtended);
    }

    [Fact]
    public void Extended_case_2_encodes_le_on_three_bytes_and_65536_as_0000()
    {
        Assert.Equal("00464200000000", Hex.Encode(new CommandApdu(0x00, 0x46, 0x42, 0x00, ne: 65536).Encode()));
        Assert.Equal("00B00000000200", Hex.Encode(new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 512).Encode()));
    }

    [Fact]
    public void Extended_case_3_and_4_encode_lc_on_three_bytes_and_le_on_two()
    {
        var data = new byte[270];
        var case3 = new CommandApdu(0x00, 0xD6, 0x00, 0x00, data).Encode();
        Assert.Equal("00D6000000010E", Hex.Encode(case3.AsSpan(0, 7)));
        Assert.Equal(7 + 270, case3.Length);

        var case4 = new CommandApdu(0x00, 0x2A, 0x80, 0x86, new byte[257], 65536).Encode();
        Assert.Equal("002A8086000101", Hex.Encode(case4.AsSpan(0, 7)));
        Assert.Equal("0000", Hex.Encode(case4.AsSpan(^2)));
        Assert.Equal(7 + 257 + 2, case4.Length);
    }

    [Fact]
    public void Short_data_with_a_large_ne_needs_extended_encoding()
    {
        var apdu = new CommandApdu(0x00, 0x46, 0x00, 0x00, new byte[207], 65536);
        Assert.True(apdu.NeedsExtended);
        Assert.Throws<InvalidOperationException>(() => apdu.Encode(extended: false));
        Assert.Equal("004600000000CF", Hex.Encode(apdu.Encode().AsSpan(0, 7)));
    }

    [Theory]
    [InlineData(65536, 0)]
    [InlineData(0, 65537)]
    [InlineData(0, -1)]
    public void Limits_are_enforced(int dataLength, int ne) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0xB0, 0, 0, new byte[dataLength], ne));

    [Theory]
    [InlineData("00A40000", false)]
    [InlineData("0084000008", false)]
    [InlineData("0084000000", false)]
    [InlineData("00A40000023F00", false)]
    [InlineData("00A40000023F0000", false)]
    [InlineData("00464200000000", true)]
    [InlineData("00B00000000200", true)]
    [InlineData("00D600000000023F00", true)]
    public void Parse_inverts_encode(string hex, bool extended) =>
        Assert.Equal(hex, Hex.Encode(CommandApdu.Parse(Hex.Decode(hex)).Encode(extended)));

    [Fact]
    public void Parse_reads_extended_case_4()
    {
        var apdu = CommandApdu.Parse(new CommandApdu(0x10, 0x2A, 0x80, 0x86, new byte[300], 1000).Encode());
        Assert.Equal(0x10, apdu.Cla);
        Assert.Equal(300, apdu.Data.Length);
        Assert.Equal(1000, apdu.Ne);
    }

    [Theory]
    [InlineData("00A400")] // shorter than a header
    [InlineData("00A4000005AABB")] // Lc says 5, 2 follow
    [InlineData("00A400000000")] // extended body too short
    [InlineData("00A4000000000000")] // extended Lc 0000
    [InlineData("00A40000000003AABB")] // extended Lc 3, 2 follow
    public void Parse_rejects_malformed_apdus(string hex) =>
        Assert.Throws<FormatException>(() => CommandApdu.Parse(Hex.Decode(hex)));

    [Fact]
    public void ToString_hides_sensitive_data_but_shows_its_length()
    {
        var apdu = new CommandApdu(0x00, 0x20, 0x00, 0x01, Hex.Decode("31323334353600000000000000000000")) { SensitiveData = true };
        Assert.Equal("00200001 Lc=16 <redacted 16 bytes>", apdu.ToString());
        Assert.Equal("00A40800 Lc=2 5015 Le=256", new CommandApdu(0, 0xA4, 8, 0, Hex.Decode("5015"), 256).ToString());
    }
}
