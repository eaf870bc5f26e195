using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

public class RuntimeTests
{
    [Fact]
    public void DefaultAtr_IsJcopT1_WithAValidChecksum()
    {
        var atr = new IsoAppletCard(AppletVersion.V1).Atr;
        Assert.Equal("3BF91300008131FE454A434F503234325232A3", Hex.Format(atr));
        Assert.Equal(0, atr.Skip(1).Aggregate(0, (x, b) => x ^ b));
    }

    [Fact]
    public void Atr_CanBeConfigured_AndIsValidated()
    {
        var card = new IsoAppletCard(AppletVersion.V0, new EmulatedCardOptions { Atr = [0x3B, 0x80, 0x80, 0x01, 0x01] });
        Assert.Equal("3B80800101", Hex.Format(card.Atr));
        Assert.Throws<ArgumentException>(() => new IsoAppletCard(AppletVersion.V0, new EmulatedCardOptions { Atr = [0x12, 0x34] }));
    }

    [Theory]
    [InlineData("00A4040007A0000000030001", 0x6A82)] // unknown AID
    [InlineData("00A40000023F00", 0x6A82)]             // file selection
    [InlineData("00B0000010", 0x6D00)]
    [InlineData("00CA9F7F00", 0x6A88)]
    [InlineData("A0B0000010", 0x6E00)]
    [InlineData("00200001", 0x6D00)]
    public void BeforeSelection_TheCardManagerAnswers(string apdu, ushort sw)
    {
        new CardSession(AppletVersion.V1).Expect(apdu, sw);
    }

    [Fact]
    public void CardManagerAid_SelectsTheCardManager_AndDeselectsTheApplet()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        var fci = s.Ok("00A4040008A000000003000000");
        Assert.Equal("6F108408A000000003000000A5049F6501FF", Hex.Format(fci));
        s.Expect("00200001", 0x6D00);
        s.Ok(CardSession.SelectApplet);
        s.Expect("002241B606800111840100", 0x6982);
    }

    [Theory]
    [InlineData(AppletVersion.V0, "000606")]
    [InlineData(AppletVersion.V1, "")]
    public void SelectApplet_AnswersTheVersionOnlyInV0(AppletVersion v, string data)
    {
        var s = new CardSession(v);
        Assert.Equal(data, Hex.Format(s.Ok(CardSession.SelectApplet)));
        Assert.Equal(data, Hex.Format(s.Ok("00A4040C0CF276A288BCFBA69D34F31001")));
    }

    [Fact]
    public void GetData_ReturnsVersionAndFeatures_InV1Only()
    {
        var v1 = new CardSession(AppletVersion.V1);
        v1.Ok(CardSession.SelectApplet);
        Assert.Equal("01002F", Hex.Format(v1.Ok("00CA010100")));
        v1.Expect("00CA010200", 0x6A86);
        var v0 = new CardSession(AppletVersion.V0);
        v0.Ok(CardSession.SelectApplet);
        v0.Expect("00CA010100", 0x6D00);
    }

    [Theory]
    [InlineData("01A4000C023F00", 0x6881)] // logical channel 1
    [InlineData("00700000", 0x6881)]       // MANAGE CHANNEL
    [InlineData("0CA4000C023F00", 0x6882)]
    [InlineData("80A4000C023F00", 0x6E00)]
    [InlineData("FFA4000C023F00", 0x6E00)]
    [InlineData("00120000", 0x6D00)]
    [InlineData("00A4", 0x6700)]
    [InlineData("00A4000C053F00", 0x6700)] // Lc says 5, 2 bytes follow
    [InlineData("00A4000C00", 0x9000)]      // case 2, Le 256: selects the MF, no FCI asked
    public void ClassAndFormatErrors(string apdu, ushort sw)
    {
        var s = new CardSession(AppletVersion.V1);
        s.Ok(CardSession.SelectApplet);
        s.Expect(apdu, sw);
    }

    [Fact]
    public void Chaining_IsRefusedByV1_AndByV0OutsideItsThreeInstructions()
    {
        var v1 = new CardSession(AppletVersion.V1).Personalised();
        v1.Expect("10A4000C023F00", 0x6884);
        v1.Expect("102A808603000102", 0x6884);
        var v0 = new CardSession(AppletVersion.V0).Personalised();
        v0.Expect("10A4000C023F00", 0x6884);
        v0.Expect("10B0000010", 0x6884);
    }

    [Fact]
    public void V0_ChainOfAnotherInstruction_IsRefusedWith6900_UntilTheChainEnds()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        s.Ok("102A808603000102");       // an open DECIPHER chain
        s.Expect("002A9E9A0100", 0x6900); // same INS, other P1P2
        s.Expect("00A4000C023F00", 0x6884);
        s.Card.Reset();
        s.Ok(CardSession.SelectApplet);
        s.Ok("00A4000C023F00");
    }

    [Fact]
    public void V0_RejectsExtendedApdus_V1_AcceptsThem()
    {
        var v0 = new CardSession(AppletVersion.V0);
        v0.Ok(CardSession.SelectApplet);
        v0.Expect("00A40000000002" + "3F00" + "0000", 0x6700);
        var v1 = new CardSession(AppletVersion.V1);
        v1.Ok(CardSession.SelectApplet);
        Assert.Equal("6F0782013883023F00", Hex.Format(v1.Ok("00A40000000002" + "3F00" + "0000")));
    }

    [Fact]
    public void V0_LeSmallerThanTheData_Gives61xx_AndGetResponseDeliversTheRest()
    {
        var s = new CardSession(AppletVersion.V0);
        s.Ok(CardSession.SelectApplet);
        var (first, sw) = s.Send("00A40000023F0004");
        Assert.Equal(0x6105, sw);
        Assert.Equal("6F078201", Hex.Format(first));
        Assert.Equal("3883023F00", Hex.Format(s.Ok("00C0000005")));
    }

    [Fact]
    public void V1_ShortApduWithMoreThan256ResponseBytes_Is6F00_ButTheKeyIsStored()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Ok("00224100068001F3840100");
        s.Expect("0046420000", 0x6F00); // 269-byte public key for a short Le (fixture v1-raw)
        s.Ok("002241B606800111840100");   // slot 0 holds the new key
        s.Ok("00E00000176F1581020200820101830233008608FF00000000000000");
        s.Ok("00D60000000200" + string.Concat(Enumerable.Repeat("AB", 512)));
        Assert.Equal(256, s.Ok("00B0000000").Length);   // READ BINARY clips to the short Le
        Assert.Equal(512, s.Ok("00B00000000000").Length); // extended Le 0000 = 65536: the whole file
    }

    [Fact]
    public void Reset_ClearsSelectionAndSecurityState()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Ok("00224100068001F3840100");
        s.Card.Reset();
        s.Expect("00200001", 0x6D00); // the card manager is selected again
        s.Ok(CardSession.SelectApplet);
        s.Expect("0046420000", 0x6982);
        s.Verify();
        s.Expect("0046420000", 0x6985); // the security environment is gone
    }

    [Fact]
    public void Statistics_CountApdusBytesAndResets()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        card.Process(Hex.Parse(CardSession.SelectApplet));
        card.Reset();
        card.PowerOff();
        card.PowerOn();
        var st = card.Statistics;
        Assert.Equal(1, st.Apdus);
        Assert.Equal(17, st.BytesIn);
        Assert.Equal(5, st.BytesOut);
        Assert.Equal(2, st.Resets);
        card.ResetStatistics();
        Assert.Equal(0, card.Statistics.Apdus);
    }

    [Fact]
    public void AnUnpoweredCard_IsPoweredUpByTheFirstApdu()
    {
        var card = new IsoAppletCard(AppletVersion.V1);
        card.PowerOff();
        Assert.False(card.IsPowered);
        Assert.Equal("9000", Hex.Format(card.Process(Hex.Parse(CardSession.SelectApplet))));
        Assert.True(card.IsPowered);
    }

    [Fact]
    public void UncaughtAppletExceptions_Answer6F00_AndAreLogged()
    {
        var log = new List<string>();
        var card = new IsoAppletCard(AppletVersion.V1, new EmulatedCardOptions { Log = log.Add });
        var s = new CardSession(card).Personalised();
        s.Expect("002241B606800111840105", 0x6F00);
        Assert.Contains(log, l => l.Contains("key slot 5 is empty", StringComparison.Ordinal));
    }
}
