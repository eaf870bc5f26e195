using SharpSC.VirtualCard.Faults;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Link;

namespace SharpSC.VirtualCard.Tests;

public class FaultInjectionTests
{
    private static readonly byte[] Select = Hex.Parse(CardSession.SelectApplet);
    private static readonly byte[] Challenge = Hex.Parse("0084000008");

    [Theory]
    [InlineData("delay=250", FaultKind.Delay, 250, null, 1, 1)]
    [InlineData("drop", FaultKind.Drop, 0, null, 1, 1)]
    [InlineData("drop-after ins=2A", FaultKind.DropAfter, 0, (byte)0x2A, 1, 1)]
    [InlineData("drop-mid nth=3", FaultKind.DropMid, 0, null, 3, 1)]
    [InlineData("truncate=1 count=*", FaultKind.Truncate, 1, null, 1, -1)]
    [InlineData("corrupt", FaultKind.Corrupt, 0, null, 1, 1)]
    [InlineData("corrupt=-1 count=4", FaultKind.Corrupt, -1, null, 1, 4)]
    [InlineData("sw=6F00 ins=b0 nth=2 count=2", FaultKind.StatusWord, 0x6F00, (byte)0xB0, 2, 2)]
    [InlineData("loop61=10", FaultKind.Loop61, 0x10, null, 1, -1)]
    [InlineData("LOOP6C=20 count=3", FaultKind.Loop6C, 0x20, null, 1, 3)]
    [InlineData("hang ins=2A", FaultKind.Hang, 0, (byte)0x2A, 1, 1)]
    [InlineData("hang count=*", FaultKind.Hang, 0, null, 1, -1)]
    public void FaultSpec_ParsesActionsAndSelectors(string spec, FaultKind kind, int argument, byte? ins, int nth, int count)
    {
        Assert.Equal(new FaultRule(kind, argument, ins, nth, count), FaultSpec.Parse(spec));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("explode", "unknown fault action")]
    [InlineData("delay", "needs a value")]
    [InlineData("delay=-5", "number from 0")]
    [InlineData("sw=6F", "four hex digits")]
    [InlineData("sw=6F00 ins=2", "one hex byte")]
    [InlineData("drop nth=0", "number from 1")]
    [InlineData("drop when=now", "unknown selector")]
    [InlineData("drop=1", "unknown fault action")]
    [InlineData("hang=5", "unknown fault action")]
    public void FaultSpec_ExplainsWhatIsWrong(string spec, string reason)
    {
        var e = Assert.Throws<FormatException>(() => FaultSpec.Parse(spec));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Injector_HitsTheNthMatchingCommand_ThenRemovesTheRule()
    {
        var faults = new FaultInjector();
        faults.Add(FaultSpec.Parse("sw=6F00 ins=84 nth=2"));
        Assert.Null(faults.Match(Select));
        Assert.Null(faults.Match(Challenge));
        Assert.Equal(FaultKind.StatusWord, faults.Match(Challenge)!.Kind);
        Assert.Null(faults.Match(Challenge));
        Assert.Empty(faults.Rules);
    }

    [Fact]
    public void Injector_FirstMatchingRuleWins_AndClearRemovesAll()
    {
        var faults = new FaultInjector();
        faults.Add(FaultSpec.Parse("delay=5 ins=84"));
        faults.Add(FaultSpec.Parse("drop count=*"));
        Assert.Equal(FaultKind.Delay, faults.Match(Challenge)!.Kind);
        Assert.Equal(FaultKind.Drop, faults.Match(Challenge)!.Kind);
        Assert.Equal(FaultKind.Drop, faults.Match(Select)!.Kind);
        faults.Clear();
        Assert.Null(faults.Match(Select));
    }

    [Fact]
    public void Loop61_FollowsGetResponse_Loop6C_FollowsTheResentCommand()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var faults = new FaultInjector();
        var link = new CardLink(card, faults);
        faults.Add(FaultSpec.Parse("loop61=10 ins=84"));
        Assert.Equal("6110", Hex.Format(link.Exchange(Challenge).Response));
        for (var i = 0; i < 5; i++) Assert.Equal("6110", Hex.Format(link.Exchange(Hex.Parse("00C0000010")).Response));
        Assert.Equal("9000", Hex.Format(link.Exchange(Select).Response![^2..])); // other commands pass
        faults.Clear();
        faults.Add(FaultSpec.Parse("loop6c=08 ins=84 count=3"));
        for (var i = 0; i < 3; i++) Assert.Equal("6C08", Hex.Format(link.Exchange(Challenge).Response));
        Assert.Equal(10, link.Exchange(Challenge).Response!.Length);
        Assert.Equal(2, card.Statistics.Apdus); // only SELECT and the final GET CHALLENGE reached the card
    }

    [Fact]
    public void CardLink_AppliesEachKindOfFault()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var faults = new FaultInjector();
        var link = new CardLink(card, faults);

        faults.Add(FaultSpec.Parse("delay=30"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var delayed = link.Exchange(Select);
        Assert.True(watch.ElapsedMilliseconds >= 29, $"the delay fault answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal("0006069000", Hex.Format(delayed.Response));

        faults.Add(FaultSpec.Parse("truncate=2"));
        Assert.Equal("0006", Hex.Format(link.Exchange(Select).Response));

        faults.Add(FaultSpec.Parse("corrupt=-1"));
        Assert.Equal("00060690FF", Hex.Format(link.Exchange(Select).Response));

        faults.Add(FaultSpec.Parse("drop"));
        var dropped = link.Exchange(Select);
        Assert.True(dropped.CloseAfter);
        Assert.Null(dropped.Response);

        var before = card.Statistics.Apdus;
        faults.Add(FaultSpec.Parse("drop-after"));
        Assert.True(link.Exchange(Select).CloseAfter);
        Assert.Equal(before + 1, card.Statistics.Apdus); // processed, never answered

        faults.Add(FaultSpec.Parse("drop-mid"));
        var mid = link.Exchange(Select);
        Assert.True(mid.CloseAfter);
        Assert.Equal(2 + 5 / 2, mid.SendBytes);

        faults.Add(FaultSpec.Parse("sw=6A82"));
        Assert.Equal("6A82", Hex.Format(link.Exchange(Select).Response));
        Assert.Equal("0006069000", Hex.Format(link.Exchange(Select).Response));
    }

    [Fact]
    public async Task Hang_HoldsTheCommandUntilTheFaultsAreCleared_ThenTheCardAnswersIt()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var faults = new FaultInjector();
        var link = new CardLink(card, faults);
        faults.Add(FaultSpec.Parse("hang"));
        var exchange = Task.Run(() => link.Exchange(Select));
        Assert.NotSame(exchange, await Task.WhenAny(exchange, Task.Delay(300)));
        Assert.Equal(0, card.Statistics.Apdus); // the card has not seen it yet
        Assert.Empty(faults.Rules);              // the rule was used up by the command it holds
        faults.Clear();
        Assert.Equal("0006069000", Hex.Format((await exchange.WaitAsync(TimeSpan.FromSeconds(5))).Response));
        Assert.Equal(1, card.Statistics.Apdus);
        Assert.Equal("9000", Hex.Format(link.Exchange(Challenge).Response![^2..])); // the next command passes
    }

    [Fact]
    public async Task Hang_EndsWithoutAnAnswer_WhenTheConnectionGoesAway()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var faults = new FaultInjector();
        var link = new CardLink(card, faults);
        faults.Add(FaultSpec.Parse("hang ins=A4 count=*"));
        using var gone = new CancellationTokenSource();
        var exchange = Task.Run(() => link.Exchange(Select, gone.Token));
        Assert.NotSame(exchange, await Task.WhenAny(exchange, Task.Delay(200)));
        await gone.CancelAsync();
        Assert.Same(LinkOutcome.Abandoned, await exchange.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, card.Statistics.Apdus);
        Assert.Equal("hang ins=A4 nth=1 count=*", Assert.Single(faults.Rules).ToString());

        faults.Add(FaultSpec.Parse("delay=60000"));
        using var alsoGone = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.Same(LinkOutcome.Abandoned, link.Exchange(Challenge, alsoGone.Token)); // a delay ends too
    }
}
