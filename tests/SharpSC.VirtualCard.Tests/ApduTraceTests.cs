using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Logging;

namespace SharpSC.VirtualCard.Tests;

public class ApduTraceTests
{
    [Theory]
    [InlineData("002000011031323334353600000000000000000000")]
    [InlineData("002401021030313233343536373839616263646566")]
    [InlineData("0024010106313233343536")]
    [InlineData("002C00011630313233343536373839616263646566313233343536")]
    [InlineData("10DB3FFFFF7F4882028B9281803132")]
    public void SecretCommandData_NeverAppears(string apdu)
    {
        var line = ApduTrace.Command(Hex.Parse(apdu));
        Assert.Equal($"> {apdu[..8]} [data redacted]", line);
    }

    [Fact]
    public void DecipheredPlaintext_IsRedacted_OtherAnswersAreShown()
    {
        Assert.Equal("< [plaintext redacted] 9000", ApduTrace.Response(Hex.Parse("002A808603000102"), Hex.Parse("CAFE9000")));
        Assert.Equal("< CAFE9000", ApduTrace.Response(Hex.Parse("00B0000002"), Hex.Parse("CAFE9000")));
        Assert.Equal("> 00B0000002", ApduTrace.Command(Hex.Parse("00B0000002")));
        Assert.Equal("> 00200001", ApduTrace.Command(Hex.Parse("00200001")));
    }
}
