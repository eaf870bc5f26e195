namespace SharpSC.VirtualCard.Tests.OpenPgp;

public class OpenPgpPasswordTests
{
    [Fact]
    public void Verify_EmptyTellsTriesOrVerified_WrongCostsATry_P1FfForgets()
    {
        var card = new PgpCard();
        card.Expect("0020008100", 0x63C3);
        card.Expect("00200081", 0x63C3);
        card.Expect("0020008206363534333231", 0x6982);
        card.Expect("00200081", 0x63C2);
        Assert.Equal("007F7F7F020003", Convert.ToHexString(card.GetData(0xC4)));
        card.VerifyPw1();
        // A right PW1 restores its counter; 82 is verified, 81 is not.
        card.Expect("00200082", 0x9000);
        card.Expect("00200081", 0x63C3);
        card.Ok("0020FF82");
        card.Expect("00200082", 0x63C3);
        card.VerifyPw3();
        card.Expect("00200083", 0x9000);
        card.Ok(PgpCard.Select);
        card.Expect("00200083", 0x63C3);
    }

    [Fact]
    public void Verify_ThreeWrongBlock_AndTheRightValueNoLongerHelps()
    {
        var card = new PgpCard();
        card.Expect("0020008106313131313131", 0x6982);
        card.Expect("0020008106313131313131", 0x6982);
        card.Expect("0020008106313131313131", 0x6983);
        card.Expect("0020008106" + PgpCard.Pw1, 0x6983);
        card.Expect("0020008206" + PgpCard.Pw1, 0x6983);
        card.Expect("00200081", 0x63C0);
        // A value of another length is simply wrong (counted), never a crash.
        card.Expect("00200083083131313131313131", 0x6982);
        card.Expect("0020008300", 0x63C2);
        card.Expect("0020008401" + "31", 0x6A86);
        card.Expect("0020018106" + PgpCard.Pw1, 0x6A86);
    }

    [Fact]
    public void ChangeReferenceData_Pw1AndPw3_OldValueFirst()
    {
        var card = new PgpCard();
        card.Ok("002400810E" + PgpCard.Pw1 + "3635343332313039");
        card.Expect("0020008106" + PgpCard.Pw1, 0x6982);
        card.Ok("0020008108" + "3635343332313039");
        // Wrong old value costs a try; too short a new one (after a right old one) is refused, nothing changes.
        card.Expect("002400810E" + PgpCard.Pw1 + "3635343332313039", 0x6982);
        card.Expect("002400810D" + "3635343332313039" + "3132333435", 0x6A80);
        card.Ok("0020008108" + "3635343332313039");
        card.Ok("0024008310" + PgpCard.Pw3 + "3837363534333231");
        card.Ok("0020008308" + "3837363534333231");
        card.Expect("002400830F" + "3837363534333231" + "31323334353637", 0x6A80);
        card.Expect("002400820C" + PgpCard.Pw1 + PgpCard.Pw1, 0x6A86);
    }

    [Fact]
    public void ResetRetryCounter_WithTheResettingCode_AndWithPw3()
    {
        var card = new PgpCard();
        for (var i = 0; i < 3; i++) card.Expect("0020008106313131313131", i < 2 ? (ushort)0x6982 : (ushort)0x6983);
        // No resetting code yet: 0 tries, P1 00 is refused.
        Assert.Equal("007F7F7F000003", Convert.ToHexString(card.GetData(0xC4)));
        card.Expect("002C00810E" + "3132333435363738" + PgpCard.Pw1, 0x6983);
        card.VerifyPw3();
        card.Ok("00DA00D308" + "3837363534333231");
        Assert.Equal("007F7F7F000303", Convert.ToHexString(card.GetData(0xC4)));
        card.Expect("002C00810E" + "3131313131313131" + PgpCard.Pw1, 0x6982);
        card.Ok("002C00810E" + "3837363534333231" + "313131313131");
        card.Ok("0020008106313131313131");
        Assert.Equal("007F7F7F030303", Convert.ToHexString(card.GetData(0xC4)));
        // With PW3 (P1 02) only the new PW1 is sent; without PW3 it is refused.
        card.Ok("002C028106" + PgpCard.Pw1);
        card.VerifyPw1();
        card.Ok(PgpCard.Select);
        card.Expect("002C028106" + PgpCard.Pw1, 0x6982);
        card.Expect("002C018106" + PgpCard.Pw1, 0x6A86);
        // An empty D3 deletes the resetting code.
        card.VerifyPw3();
        card.Ok("00DA00D300");
        Assert.Equal("007F7F7F030003", Convert.ToHexString(card.GetData(0xC4)));
    }

    [Fact]
    public void PwStatusByte_PolicyChangeableWithPw3()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        card.Ok("00DA00C40101");
        Assert.Equal("017F7F7F030003", Convert.ToHexString(card.GetData(0xC4)));
        card.Ok("00DA00C40700FFFFFFFFFFFF");
        Assert.Equal("007F7F7F030003", Convert.ToHexString(card.GetData(0xC4)));
    }
}
