using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Drivers;

public class GenericPkcs15DriverTests
{
    private const string SelectPkcs15Aid = "00A404000CA000000063504B43532D313500";
    private const string Odf = "A80A300804063F0050154401";

    private static GenericPkcs15Driver Connect(ScriptedTransport card) =>
        GenericPkcs15Driver.TryConnect(new ApduChannel(card), out var reason) ?? throw new InvalidOperationException(reason);

    [Fact]
    public void Finds_the_application_by_aid_and_reads_relative_paths_inside_it()
    {
        var card = new ScriptedTransport()
            .Expect(SelectPkcs15Aid, "6F0E840CA000000063504B43532D31359000")
            .Expect("00A4090002503100", "6F07810201008201019000")
            .Expect("00B0000000", Odf + new string('0', 2 * (256 - 12)) + "9000");
        var driver = Connect(card);
        Assert.True(driver.IsReadOnly);
        Assert.Equal("selected by AID", driver.Version);
        Assert.Equal(Odf, Hex.Encode(driver.ReadFile(CardPath.Parse("5031"), ContentLength.BerTlvObjects)));
        card.AssertDone();
    }

    [Fact]
    public void Finds_the_application_through_ef_dir_when_the_aid_select_fails()
    {
        var efDir = "611A4F0CA000000063504B43532D313550045465737451043F005015" + new string('0', 200);
        var card = new ScriptedTransport()
            .Expect(SelectPkcs15Aid, "6A82")
            .Expect("00A40800022F0000", "6F158102008082010183022F008608FF000000000000009000")
            .Expect("00B0000080", efDir + "9000")
            .Expect("00A4080C025015", "9000")
            .Expect("00A40800045015503100", "6F158102000C820101830250318608FF000000000000009000")
            .Expect("00B000000C", Odf + "9000");
        var driver = Connect(card);
        Assert.Equal(CardPath.Parse("3F005015"), driver.Application);
        Assert.Equal(Odf, Hex.Encode(driver.ReadFile(CardPath.Parse("5031"))));
        card.AssertDone();
    }

    [Fact]
    public void No_pkcs15_application_gives_the_reason()
    {
        var card = new ScriptedTransport().Expect(SelectPkcs15Aid, "6A82").Expect("00A40800022F0000", "6A82");
        Assert.Null(GenericPkcs15Driver.TryConnect(new ApduChannel(card), out var reason));
        Assert.Contains("6A82", reason);
    }

    [Fact]
    public void Verify_sign_and_decipher_use_iso_commands_with_the_pkcs15_references()
    {
        var pin = new PinReference(0x81, new PinFormat(4, 8, 8, 0xFF, true), "User PIN");
        var card = new ScriptedTransport()
            .Expect(SelectPkcs15Aid, "9000")
            .Expect("0020008108313233343536FFFF", "9000")
            .Expect("002241B606800102840101", "9000")
            .Expect("002A9E9A03AABBCC00", "01029000")
            .Expect("002241B806800102840101", "9000")
            .Expect("002A80860300DDEE00", "CAFE9000");
        var driver = Connect(card);
        using (driver.BeginTransaction())
        {
            driver.VerifyPin(pin, "123456"u8);
            var key = new CardKey(0x01, 0, 0x02);
            Assert.Equal("0102", Hex.Encode(driver.Sign(key, SignatureAlgorithm.RsaPkcs1, Hex.Decode("AABBCC"))));
            Assert.Equal("CAFE", Hex.Encode(driver.Decipher(key, DecipherAlgorithm.RsaPkcs1, Hex.Decode("DDEE"))));
        }
        card.AssertDone();
    }

    [Fact]
    public void Writes_are_refused_by_the_read_only_driver()
    {
        var card = new ScriptedTransport().Expect(SelectPkcs15Aid, "9000");
        var driver = Connect(card);
        var e = Assert.Throws<CardException>(() => driver.UpdateBinary(CardPath.Parse("5031"), 0, new byte[] { 1 }));
        Assert.Equal(CardError.NotSupportedByDriver, e.Error);
        Assert.Equal(CardError.NotSupportedByDriver, Assert.Throws<CardException>(() => driver.GenerateKeyPair(0, Keys.KeySpec.Rsa(2048))).Error);
        card.AssertDone();
    }
}
