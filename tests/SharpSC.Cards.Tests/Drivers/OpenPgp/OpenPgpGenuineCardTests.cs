using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tests.Support;
using static SharpSC.Cards.Tests.Drivers.OpenPgp.OpenPgpFixtures;

namespace SharpSC.Cards.Tests.Drivers.OpenPgp;

/// <summary>
/// The driver against the genuine SmartPGP application's answers (tests/fixtures/openpgp): the driver must send
/// exactly the commands OpenSC or GnuPG sent there, and make sense of what the card answered (short APDUs, 61xx,
/// command chaining). The card's ATR is a JavaCard's, so each transaction starts with the driver's selection check
/// (an empty VERIFY 82: 63C3, or 9000 once PW1 is verified).
/// </summary>
public class OpenPgpGenuineCardTests
{
    private static readonly Transcript SignRsa = Load("opensc-sign-rsa.apdu");
    private static readonly Transcript SignEc = Load("opensc-sign-ec.apdu");
    private static readonly Transcript Decrypt = Load("opensc-decrypt.apdu");
    private static readonly Transcript Pin = Load("opensc-pin.apdu");
    private static readonly Transcript Misc = Load("opensc-misc.apdu");

    /// <summary>The selection check at a transaction's start: an empty VERIFY 82.</summary>
    private const string Check = "00200082";

    private static ScriptedTransport Card() => new ScriptedTransport("3BFA1800008131FE454A434F5033315632333298")
        .Expect(Select, "9000")
        .Expect(GnuPg, "00CA006E00");

    [Fact]
    public void ReadsWhatGpgCardStatusShows_WithGetResponseForLongAnswers()
    {
        var card = Card()
            .Expect(Check, "63C3").Expect(GnuPg, "00CA006500")
            .Expect(Check, "63C3").Expect(GnuPg, "00CA007A00")
            .Expect(Check, "63C3").Expect(Misc, "0047810002B60000")
            .Expect(Misc, "00C000000E")
            .Expect(Check, "63C3").Expect(Misc, "0047810002A40000");
        var driver = OpenPgpDriver.Connect(card);
        Assert.False(driver.Channel.Options.ExtendedLength);
        Assert.True(driver.Channel.Options.CommandChaining);
        var holder = driver.ReadCardholderData();
        Assert.Equal("", holder.DisplayName);
        Assert.Equal("en"u8.ToArray(), holder.Language);
        Assert.Equal(0, driver.ReadSignatureCounter());
        var sig = driver.ReadPublicKey(OpenPgpKeyRef.Signature)!;
        Assert.Equal(Modulus, Hex.Encode(sig.Modulus!));
        var aut = driver.ReadPublicKey(OpenPgpKeyRef.Authentication)!;
        Assert.Equal(AuthenticationPoint, Hex.Encode(aut.Point!));
        Assert.Equal("B9E8882FE7A76D20DCF28A70F2B9A4E37E2B62FB", Hex.Encode(driver.ApplicationData.FingerprintOf(OpenPgpKeyRef.Authentication)));
        card.AssertDone();
    }

    [Fact]
    public void SignsLikeOpenSc_Verify81ThenPsoCds()
    {
        var digestInfo = Hex.Decode("3031300D060960864801650304020105000420DD3C3C9E18D77D6B7B18069B92E9FD83FCF8E9B78C870FF36437B30AB3266898");
        var card = Card()
            .Expect(Check, "63C3").Expect(SignRsa, "0020008106313233343536")
            .Expect(Check, "63C3").Expect(SignRsa, "002A9E9A33" + Hex.Encode(digestInfo) + "00");
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw1Signature, "123456"u8);
        Assert.Equal(256, driver.Sign(OpenPgpKeyRef.Signature, digestInfo).Length);
        card.AssertDone();
    }

    [Fact]
    public void EcdsaThroughInternalAuthenticate_LikeOpenSc()
    {
        var hash = "DD3C3C9E18D77D6B7B18069B92E9FD83FCF8E9B78C870FF36437B30AB3266898";
        var card = Card()
            .Expect(Check, "63C3").Expect(SignEc, "0020008206313233343536")
            .Expect(Check, "9000").Expect(SignEc, "0088000020" + hash + "00");
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw1, "123456"u8);
        var rs = driver.Sign(OpenPgpKeyRef.Authentication, Hex.Decode(hash));
        Assert.Equal(64, rs.Length);
        card.AssertDone();
    }

    [Fact]
    public void DeciphersWithCommandChaining_TheWayOpenScFramedIt()
    {
        var chained = Decrypt.Exchanges.Single(e => e.Command.StartsWith("102A8086FF", StringComparison.Ordinal)).Command;
        var last = Decrypt.Exchanges.Single(e => e.Command.StartsWith("002A808602", StringComparison.Ordinal)).Command;
        var cryptogram = Hex.Decode(chained[12..] + last[10..^2]);
        Assert.Equal(256, cryptogram.Length);
        var card = Card()
            .Expect(Check, "63C3").Expect(Decrypt, "0020008206313233343536")
            .Expect(Check, "9000").Expect(Decrypt, chained)
            .Expect(Decrypt, last);
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw1, "123456"u8);
        Assert.Equal("secret for key 2"u8.ToArray(), driver.Decipher(OpenPgpKeyRef.Decryption, cryptogram));
        card.AssertDone();
    }

    [Fact]
    public void WrongPin_6982_IsPinIncorrectWithTheTriesLeft()
    {
        var card = Card()
            .Expect(Check, "63C3").Expect(Pin, "0020008206363534333231")
            .Expect("00200082", "63C2");
        var driver = OpenPgpDriver.Connect(card);
        var e = Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw1, "654321"u8));
        Assert.Equal(CardError.PinIncorrect, e.Error);
        Assert.Equal(2, e.TriesLeft);
        Assert.Contains("wrong PIN (PW1), 2 tries left", e.Message, StringComparison.Ordinal);
        card.AssertDone();
    }

    [Fact]
    public void Certificates_FallBackToSelectData_WhenGetNextDataIsRefused()
    {
        var card = Card()
            .Expect(Check, "63C3").Expect(Misc, "00A500040660045C027F21")
            .Expect(Misc, "00CA7F2100")
            .Expect("00CC7F2100", "6D00")
            .Expect(Misc, "00A501040660045C027F21")
            .Expect(Misc, "00CA7F2100")
            .Expect(Misc, "00A502040660045C027F21")
            .Expect(Misc, "00CA7F2100");
        var driver = OpenPgpDriver.Connect(card);
        Assert.Empty(driver.ReadCertificates());
        card.AssertDone();
    }

    [Fact]
    public void OpenScsRsaAttributes_AreRefusedByThisCard_AndTheDriverSaysWhy()
    {
        var card = Card()
            .Expect(Check, "63C3").Expect(Personalise, "00200083083132333435363738")
            .Expect(Check, "63C3").Expect(Personalise, "00DA00C106010800002000");
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw3, "12345678"u8);
        var e = Assert.Throws<CardException>(() => driver.SetAlgorithmAttributes(OpenPgpKeyRef.Signature, AlgorithmAttributes.Parse(Hex.Decode("010800002000"))));
        Assert.Equal(CardError.IncorrectData, e.Error);
        Assert.Equal((ushort)0x6A80, e.StatusWord);
        card.AssertDone();
    }
}
