using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests;

public class TranscriptReplayTests
{
    [Fact]
    public void V0_OpenScPersonalisationThenUse_MatchesTheGenuineApplet()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var replayer = new TranscriptReplayer(card);
        replayer.Replay(Transcript.Load("v0-opensc-personalise.apdu"));
        replayer.Replay(Transcript.Load("v0-opensc-use.apdu"));
        Assert.True(replayer.Compared > 300, $"only {replayer.Compared} answers compared");
        Assert.Equal(3, replayer.Verified); // SHA256-RSA-PKCS and ECDSA-SHA1 through OpenSC, one raw PKCS#1 signature
        Assert.Equal(2, replayer.LengthOnly);
    }

    [Fact]
    public void V1_RawCommands_MatchTheGenuineApplet()
    {
        var card = new IsoAppletCard(AppletVersion.V1);
        var exchanges = Transcript.Load("v1-raw.apdu");
        // Simulator artifact (fixture README): jcardsim hands the applet Ne=0 for an extended Le=0000, so
        // the fixture shows no data. A real card treats it as 65536 and returns the whole file, as the
        // preceding READ BINARY with Le=0200 did.
        var wholeFile = exchanges.Single(x => Hex.Format(x.Command) == "00B00000000200").ResponseData;
        var replayer = new TranscriptReplayer(card)
        {
            ExpectedDataOverride = x => Hex.Format(x.Command) == "00B00000000000" ? wholeFile : null,
        };
        replayer.Replay(exchanges);
        Assert.True(replayer.Compared > 60, $"only {replayer.Compared} answers compared");
        Assert.Equal(4, replayer.Verified); // RSA-PSS, PKCS#1, ECDSA, ECDSA without Le
        Assert.Equal(2, replayer.LengthOnly);
    }
}
