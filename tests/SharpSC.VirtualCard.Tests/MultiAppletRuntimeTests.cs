using System.Text;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Tests;

/// <summary>The card runtime hosting several applets: selection, default applet, response rules per applet.</summary>
public class MultiAppletRuntimeTests
{
    private const string SelectAlpha = "00A4040008A000000001010101";
    private const string SelectBeta = "00A4040010D2760001240103040000000000010000";
    private const string WhoAreYou = "00CA000000";

    private sealed record Card(EmulatedCard Emulated, CardSession Session, ProbeApplet Alpha, ProbeApplet Beta, List<string> Log);

    private static Card Build(bool betaIsDefault = false)
    {
        var changes = new ChangeTracker();
        var alpha = new ProbeApplet("alpha", ProbeKinds.AlphaAid, changes);
        var beta = new ProbeApplet("beta", ProbeKinds.BetaAid, changes)
        {
            Shaping = ResponseShaping.RefuseLongShortResponse,
            AcceptsExtendedLength = true,
            DefaultSelected = betaIsDefault,
        };
        var log = new List<string>();
        var card = new EmulatedCard([alpha, beta], changes, new EmulatedCardOptions { Log = log.Add });
        return new Card(card, new CardSession(card), alpha, beta, log);
    }

    private static string Text(byte[] data) => Encoding.ASCII.GetString(data);

    [Fact]
    public void SelectByAid_SwitchesBetweenApplets_AndDeselectsTheOneLeft()
    {
        var c = Build();
        Assert.Equal("S:alpha", Text(c.Session.Ok(SelectAlpha)));
        Assert.Equal("alpha", Text(c.Session.Ok(WhoAreYou)));
        Assert.Equal("S:beta", Text(c.Session.Ok(SelectBeta)));
        Assert.Equal("beta", Text(c.Session.Ok(WhoAreYou)));
        Assert.Equal(1, c.Alpha.Deselections);
        Assert.Equal("S:alpha", Text(c.Session.Ok(SelectAlpha)));
        Assert.Equal(1, c.Beta.Deselections);
        Assert.Equal(["alpha", "beta"], c.Emulated.Applets);
    }

    [Theory]
    [InlineData("00A4040006D27600012401", "beta")]   // an OpenPGP host's 6-byte prefix
    [InlineData("00A4040005A000000001", "alpha")]     // 5 bytes: the shortest partial AID
    [InlineData("00A404000CD27600012401030400000000", "beta")]
    public void APrefixOfFiveBytesOrMore_SelectsTheApplet(string select, string kind)
    {
        var c = Build();
        Assert.Equal("S:" + kind, Text(c.Session.Ok(select)));
        Assert.Equal(kind, Text(c.Session.Ok(WhoAreYou)));
    }

    [Theory]
    [InlineData("00A4040004D2760001")]                           // 4 bytes: exact match only
    [InlineData("00A4040011D276000124010304000000000001000099")] // longer than the AID
    [InlineData("00A4040006D27600012402")]                       // no AID starts with it
    public void OtherAids_SelectNothing(string select)
    {
        var c = Build();
        c.Session.Expect(select, 0x6A82); // the card manager answers: nothing is selected yet
        Assert.Equal(0, c.Alpha.Selections + c.Beta.Selections);
    }

    [Fact]
    public void AnExactMatch_WinsOverAnEarlierAppletWhoseAidStartsWithIt()
    {
        var changes = new ChangeTracker();
        var longer = new ProbeApplet("alpha", ProbeKinds.AlphaAid, changes);
        var shorter = new ProbeApplet("short", ProbeKinds.AlphaAid[..5], changes);
        var s = new CardSession(new EmulatedCard([longer, shorter], changes));
        Assert.Equal("S:short", Text(s.Ok("00A4040005A000000001")));
        Assert.Equal("S:alpha", Text(s.Ok("00A4040006A00000000101")));
    }

    [Fact]
    public void ASelectOfAnUnknownAid_GoesToTheSelectedApplet()
    {
        var c = Build();
        c.Session.Ok(SelectAlpha);
        c.Session.Expect("00A4040006A0000000FFFF", 0x6D00); // the probe knows no SELECT; the card manager would say 6A82
        Assert.Equal("alpha", Text(c.Session.Ok(WhoAreYou)));
    }

    [Fact]
    public void AfterAReset_TheCardManagerIsSelected_WhenNoAppletIsTheDefault()
    {
        var c = Build();
        c.Session.Ok(SelectBeta);
        c.Emulated.Reset();
        c.Session.Expect(WhoAreYou, 0x6A88); // the card manager's GET DATA
        Assert.Equal(1, c.Beta.Deselections);
        c.Session.Ok("00A4040008A000000003000000");
        c.Session.Expect(WhoAreYou, 0x6A88);
    }

    [Fact]
    public void TheDefaultApplet_IsSelectedAfterEveryResetAndPowerUp()
    {
        var c = Build(betaIsDefault: true);
        Assert.Equal("beta", Text(c.Session.Ok(WhoAreYou)));
        c.Session.Ok(SelectAlpha);
        c.Emulated.Reset();
        Assert.Equal("beta", Text(c.Session.Ok(WhoAreYou)));
        c.Emulated.PowerOff();
        c.Emulated.PowerOn();
        Assert.Equal("beta", Text(c.Session.Ok(WhoAreYou)));
        Assert.Equal(4, c.Beta.Selections); // construction, the reset, the power-off reset, the power-up
    }

    [Fact]
    public void LongAnswers_FollowTheRulesOfTheAppletThatGivesThem()
    {
        var c = Build();
        c.Session.Ok(SelectAlpha); // GET RESPONSE chunks
        var (first, sw) = c.Session.Send("00CA012C00");
        Assert.Equal(0x612C, sw);
        Assert.Equal(256, first.Length);
        var rest = c.Session.Ok("00C000002C");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (byte)i), [.. first, .. rest]);
        c.Session.Expect("00CA012C000000", 0x6700); // alpha takes no extended APDU

        c.Session.Ok(SelectBeta); // a short command carries at most 256 bytes
        c.Session.Expect("00CA012C00", 0x6F00);
        Assert.Equal(300, c.Session.Ok("00CA012C000000").Length);
        Assert.Contains(c.Log, l => l.StartsWith("beta: 300-byte response to a short APDU", StringComparison.Ordinal));
    }

    [Fact]
    public void PendingGetResponseData_IsDroppedBySelectingAnotherApplet()
    {
        var c = Build();
        c.Session.Ok(SelectAlpha);
        Assert.Equal(0x612C, c.Session.Send("00CA012C00").Sw);
        c.Session.Ok(SelectBeta);
        c.Session.Expect("00C000002C", 0x6D00); // beta knows no GET RESPONSE; the runtime has nothing left
    }

    [Fact]
    public void AnUncaughtExceptionOfAnApplet_Answers6F00_AndNamesTheApplet()
    {
        var c = Build();
        c.Session.Ok(SelectBeta);
        c.Session.Expect("00EE0000", 0x6F00);
        Assert.Contains(c.Log, l => l.Contains("beta: uncaught exception", StringComparison.Ordinal) && l.Contains("probe failure", StringComparison.Ordinal));
        Assert.Equal("beta", Text(c.Session.Ok(WhoAreYou))); // still selected, still working
    }

    [Fact]
    public void LogicalChannels_StayUnsupported_WhateverIsSelected()
    {
        var c = Build(betaIsDefault: true);
        c.Session.Expect("01CA000000", 0x6881);
        c.Session.Expect("00700000", 0x6881);
    }

    [Fact]
    public void AppletsThatCannotShareACard_AreRefused()
    {
        var changes = new ChangeTracker();
        var alpha = new ProbeApplet("alpha", ProbeKinds.AlphaAid, changes);
        var twin = new ProbeApplet("twin", ProbeKinds.AlphaAid, changes);
        var e = Assert.Throws<ArgumentException>(() => new EmulatedCard([alpha, twin], changes));
        Assert.Contains("same AID A000000001010101", e.Message, StringComparison.Ordinal);

        var first = new ProbeApplet("first", ProbeKinds.AlphaAid, changes) { DefaultSelected = true };
        var second = new ProbeApplet("second", ProbeKinds.BetaAid, changes) { DefaultSelected = true };
        Assert.Contains("default applet", Assert.Throws<ArgumentException>(() => new EmulatedCard([first, second], changes)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new EmulatedCard([alpha, new ProbeApplet("alpha", ProbeKinds.BetaAid, changes)], changes));
        Assert.Throws<ArgumentException>(() => new EmulatedCard([], changes));
    }

    [Fact]
    public void ThreadsSendingToOneCard_AreServedOneCommandAtATime()
    {
        var c = Build();
        c.Session.Ok(SelectAlpha);
        Parallel.For(0, 400, _ => Assert.Equal("9000", Hex.Format(c.Emulated.Process(Hex.Parse("00D00000")))));
        Assert.Equal(new byte[] { 400 % 256 }, c.Session.Ok("00C4000001"));
        Assert.Equal(402, c.Emulated.Statistics.Apdus);
    }
}
