using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Tests.Apdu;

public class ResponseApduTests
{
    [Fact]
    public void Parse_splits_data_and_status_word()
    {
        var r = ResponseApdu.Parse(Hex.Decode("0006069000"));
        Assert.Equal("000606", Hex.Encode(r.Data));
        Assert.Equal(0x9000, r.StatusWord);
        Assert.Equal(0x90, r.SW1);
        Assert.True(r.IsSuccess);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public void A_response_without_two_status_bytes_is_malformed(string hex)
    {
        var e = Assert.Throws<CardException>(() => ResponseApdu.Parse(Hex.Decode(hex)));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
    }

    [Fact]
    public void EnsureSuccess_throws_the_mapped_error_and_accepts_listed_warnings()
    {
        var e = Assert.Throws<CardException>(() => ResponseApdu.Parse(Hex.Decode("6A82")).EnsureSuccess("SELECT 3F00ABCD"));
        Assert.Equal(CardError.FileNotFound, e.Error);
        Assert.Equal((ushort)0x6A82, e.StatusWord);
        Assert.Contains("SELECT 3F00ABCD", e.Message);
        Assert.Contains("6A82", e.Message);
        ResponseApdu.Parse(Hex.Decode("AABB6282")).EnsureSuccess("READ", StatusWords.EndOfFileReached);
    }
}
