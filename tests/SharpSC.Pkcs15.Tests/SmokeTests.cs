namespace SharpSC.Pkcs15.Tests;

public class SmokeTests
{
    [Fact]
    public void LoaderReadsTheIsoAppletCard()
    {
        var app = Pkcs15Loader.Load(IsoAppletFixture.Instance.Read);
        Assert.Equal("Test", app.TokenInfo.Label);
        Assert.Equal(2, app.PrivateKeys.Count);
    }
}
