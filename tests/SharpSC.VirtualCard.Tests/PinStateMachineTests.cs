namespace SharpSC.VirtualCard.Tests;

public class PinStateMachineTests
{
    [Theory]
    [InlineData(AppletVersion.V0)]
    [InlineData(AppletVersion.V1)]
    public void BlankCard_NeedsNoPin_UntilThePinIsSet(AppletVersion v)
    {
        var s = new CardSession(v);
        s.Ok(CardSession.SelectApplet);
        s.Ok("00200001");
        s.Ok("00E00000176F158102008082010183022F008608FF90909090909000"); // ACL 90 satisfied before a PIN exists
        s.Ok("00D6000003010203");
        s.Ok("0024010210" + CardSession.Puk);
        s.Ok("00200001"); // initialisation: still no PIN
        s.Ok("0024010106" + CardSession.Pin);
        s.Expect("00200001", 0x63C3);
        s.Ok(CardSession.SelectApplet);
        s.Ok("00A4000C022F00");
        s.Expect("00D6000003010203", 0x6982); // now the ACL needs the PIN
        s.Verify();
        s.Ok("00D6000003010203");
    }

    [Fact]
    public void SetPuk_NeedsExactly16Bytes_AndOnlyInTheCreationState()
    {
        var s = new CardSession(AppletVersion.V1);
        s.Ok(CardSession.SelectApplet);
        s.Expect("002401020F" + CardSession.Puk[..30], 0x6700);
        s.Ok("0024010210" + CardSession.Puk);
        s.Expect("0024010210" + CardSession.Puk, 0x6A86); // initialisation: only the PIN may be set
        s.Expect("0024010103313233", 0x6700);
        s.Expect("00240101113132333435363738393031323334353637", 0x6700);
        s.Ok("0024010106" + CardSession.Pin);
        s.Expect("0024010210" + CardSession.Puk, 0x6A86);
    }

    [Fact]
    public void Verify_CountsDown_BlocksAtZero_AndReportsWithoutData()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Expect("002000011039393939393900000000000000000000", 0x63C2);
        s.Expect("00200001", 0x63C2);
        s.Expect("002000011039393939393900000000000000000000", 0x63C1);
        s.Expect("002000011039393939393900000000000000000000", 0x63C0);
        s.Expect("0020000110" + CardSession.PaddedPin, 0x63C0); // blocked: even the right PIN fails
        s.Expect("00200001", 0x63C0);
        s.Expect("002241B606800111840100", 0x6982);
    }

    [Fact]
    public void Verify_ChecksLengthAndReference()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        s.Expect("0020000103313233", 0x6700);
        s.Expect("00200001113132333435363738393031323334353637", 0x6700);
        s.Expect("00200002", 0x6A86);
        s.Expect("00200101", 0x6A86);
        s.Ok("0020000106" + CardSession.Pin); // the card pads a short PIN itself
    }

    [Fact]
    public void ResetRetryCounter_WithPuk_UnblocksAndSetsANewPin()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        for (var i = 0; i < 3; i++) s.Send("002000011039393939393900000000000000000000");
        s.Expect("00200001", 0x63C0);
        s.Expect("002C00011600000000000000000000000000000000313233343536", 0x63C4);
        s.Expect("002C0001130000000000000000000000000000000031", 0x6700);
        s.Expect("002C00021630313233343536373839616263646566393837363534", 0x6A86);
        s.Ok("002C00011630313233343536373839616263646566393837363534");
        s.Expect("00200001", 0x63C3);
        s.Ok("0020000106393837363534");
        s.Expect("0020000106" + CardSession.Pin, 0x63C2);
    }

    [Fact]
    public void Puk_BlocksAfterFiveWrongTries()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        for (var left = 4; left >= 0; left--)
            s.Expect("002C00011600000000000000000000000000000000313233343536", (ushort)(0x63C0 | left));
        s.Expect("002C00011630313233343536373839616263646566313233343536", 0x63C0);
    }

    [Fact]
    public void ResetRetryCounter_IsRefusedBeforeOperational_AndWithoutPuk()
    {
        var s = new CardSession(AppletVersion.V1);
        s.Ok(CardSession.SelectApplet);
        s.Expect("002C00011630313233343536373839616263646566313233343536", 0x6986);
        s.Ok("0024010106" + CardSession.Pin); // PIN straight away: the applet does not require a PUK
        s.Expect("002C00011630313233343536373839616263646566313233343536", 0x63C0);
    }

    [Fact]
    public void ChangeReferenceData_NeedsOldAndNewPinPadded()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Expect("0024000106" + CardSession.Pin, 0x6700);
        s.Expect("0024010120" + CardSession.PaddedPin + "39393939000000000000000000000000", 0x6A86);
        s.Expect("002400012039393939393900000000000000000000" + "39393939000000000000000000000000", 0x63C2);
        s.Ok("0024000120" + CardSession.PaddedPin + "39393939000000000000000000000000");
        s.Expect("002241B606800111840100", 0x6982); // the change leaves the PIN unverified
        s.Ok("002000010439393939");
        s.Expect("0020000106" + CardSession.Pin, 0x63C2);
    }

    [Fact]
    public void PinState_IsTransient_TriesArePersistent()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Send("002000011039393939393900000000000000000000");
        s.Verify();
        s.Send("002000011039393939393900000000000000000000");
        s.Card.Reset();
        s.Ok(CardSession.SelectApplet);
        s.Expect("00200001", 0x63C2);
        s.Expect("002241B606800111840100", 0x6982);
        s.Card.PowerOff();
        s.Card.PowerOn();
        s.Ok(CardSession.SelectApplet);
        s.Expect("00200001", 0x63C2);
    }
}
