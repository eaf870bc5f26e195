namespace SharpSC.VirtualCard.Tests.OpenPgp;

public class OpenPgpTranscriptTests
{
    [Fact]
    public void EveryToolRun_InTheRecordedOrder_MatchesTheGenuineApplication()
    {
        var card = new PgpCard();
        var replayer = new OpenPgpTranscriptReplayer(card);
        var steps = OpenPgpTranscriptReplayer.StepsInRecordedOrder();
        Assert.Equal(22, steps.Count);
        foreach (var (name, exchanges) in steps)
        {
            Assert.NotEmpty(exchanges);
            replayer.Replay(exchanges);
        }
        Assert.True(replayer.Compared > 800, $"only {replayer.Compared} answers compared");
        // Signatures: SHA256-RSA-PKCS, ECDSA through INTERNAL AUTHENTICATE, and the two SHA-1 ones of --test on
        // slot 1 that SmartPGP refused (between them PW1 (81) is spent: 6982 on both cards).
        Assert.Equal(4, replayer.Verified);
        Assert.Equal(2, replayer.Reenciphered); // the decrypt run and --test on slot 0
        Assert.Contains(replayer.Differences, d => d.Contains("32-bit exponent length", StringComparison.Ordinal));
    }
}
