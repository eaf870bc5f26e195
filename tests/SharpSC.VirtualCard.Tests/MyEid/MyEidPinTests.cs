namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>PIN objects: creation by PUT DATA, VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER, DEAUTHENTICATE.</summary>
public sealed class MyEidPinTests
{
    private const string WrongPin = "363534333231FFFF";
    private const string NewPin = "3939393939FFFFFF";

    [Fact]
    public void Wrong_pins_count_down_to_blocked_and_the_puk_unblocks()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Expect("00200001", 0x63C3);
        t.Verify(1, WrongPin, 0x63C2);
        t.Verify(1, WrongPin, 0x63C1);
        t.Verify(1, MyEidTestCard.UserPin); // a right PIN restores the tries
        t.Expect("00200001"); // verified: 9000
        t.Expect("002E0000");
        t.Verify(1, WrongPin, 0x63C2);
        t.Verify(1, WrongPin, 0x63C1);
        t.Verify(1, WrongPin, 0x6983);
        t.Verify(1, MyEidTestCard.UserPin, 0x6983); // blocked: even the right PIN
        t.Expect("00200001", 0x6983);
        Assert.Equal(0, t.State.Pins[0]!.PinTriesLeft);
        Assert.Equal(Convert.FromHexString("000A030A0000000404"), t.Expect("00CA01B109"));
        // Wrong PUK costs a PUK try; the right one sets the new PIN and restores the tries.
        t.Expect($"002C000110{WrongPin}{NewPin}", 0x63C9);
        t.Expect($"002C000110{MyEidTestCard.UserPuk}{NewPin}");
        t.Verify(1, MyEidTestCard.UserPin, 0x63C2);
        t.Verify(1, NewPin);
        Assert.Equal(10, t.State.Pins[0]!.PukTriesLeft);
    }

    [Fact]
    public void Change_needs_the_old_pin_and_a_new_one_of_the_minimum_length()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Expect($"0024000110{WrongPin}{NewPin}", 0x63C2);
        t.Expect($"0024000110{MyEidTestCard.UserPin}313233FFFFFFFFFF", 0x6700); // 3 digits, minimum 4
        t.Expect($"0024000110{MyEidTestCard.UserPin}{NewPin}");
        t.Verify(1, MyEidTestCard.UserPin, 0x63C2);
        t.Verify(1, NewPin);
        t.Expect($"002400010C{MyEidTestCard.UserPin}31323334", 0x6700);
        t.Expect($"0024000108{NewPin}", 0x6982); // the new PIN alone needs the admin role
        t.Expect("0020000F", 0x6A86);
        t.Expect("00200002", 0x6A88); // no PIN 2
        t.Expect("0020000109313233343536373839", 0x6700); // longer than 8
    }

    [Fact]
    public void Pins_are_created_only_before_activation_and_verify_needs_no_pin_until_then()
    {
        var t = new MyEidTestCard();
        t.Expect("00200001", 0x9000); // creation state: nothing to verify
        t.CreatePin(1, MyEidTestCard.UserPin, MyEidTestCard.UserPuk);
        t.Verify(1, MyEidTestCard.UserPin);
        t.Expect($"00DA010208{MyEidTestCard.UserPin}", 0x6700); // PIN without PUK
        t.Expect($"00DA010215{MyEidTestCard.UserPin}{MyEidTestCard.UserPuk}0305000101", 0x6984); // grid PIN type
        t.Expect("004404000CA000000063504B43532D3135");
        t.Expect($"00DA010213{MyEidTestCard.UserPin}{MyEidTestCard.UserPuk}030A00", 0x6982);
        t.Expect("0020000100", 0x6700); // VERIFY answers no data: an Le field is refused
    }

    [Fact]
    public void Selecting_the_application_again_keeps_the_pins_and_a_reset_drops_them()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, MyEidTestCard.UserPin);
        // Another program on the reader (OpenSC) selects the PKCS#15 application: a SELECT FILE for the card.
        t.Expect("00A404000CA000000063504B43532D313500");
        t.Expect("00200001");
        t.Card.Reset();
        t.Expect("00200001", 0x63C3);
    }

    [Fact]
    public void Deauthenticate_drops_one_pin_or_all()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, MyEidTestCard.UserPin);
        t.Verify(3, MyEidTestCard.SoPin);
        t.Expect("002E0003");
        t.Expect("00200003", 0x63C3);
        t.Expect("00200001");
        t.Expect("002E0000");
        t.Expect("00200001", 0x63C3);
        t.Expect("002E0010", 0x6A86);
        t.Expect("002E0100", 0x6A86);
    }
}
