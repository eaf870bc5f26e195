using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>IsoApplet v1 (API 01.00) against the answers of the genuine applet in v1-raw.apdu.</summary>
public class IsoAppletV1Tests
{
    private const string Sha256OfV1Data = "9CE46DA3E7E562743142A8805D8A1550143E17E99D433E5BDBBD9F03A9BECDF9";

    private static string Command(string prefix) => V1Raw.Exchanges.First(e => e.Command.StartsWith(prefix, StringComparison.Ordinal)).Command;

    [Fact]
    public void Select_without_data_then_get_data_detects_v1_with_extended_apdus()
    {
        var card = V1Card();
        var driver = Connect(card);
        Assert.True(driver.IsV1);
        Assert.Equal("IsoApplet API 01.00, features 2F", driver.Version);
        var caps = driver.Capabilities;
        Assert.True(caps.Has(CardFeatures.ExtendedApdu | CardFeatures.RsaPss | CardFeatures.Rsa4096 | CardFeatures.Ecc | CardFeatures.SecureRandom));
        Assert.False(caps.Has(CardFeatures.CommandChaining));
        Assert.Contains(caps.Algorithms, a => a.KeySizeBits == 4096 && a.Sign.Contains(SignatureAlgorithm.RsaPss));
        Assert.Contains(caps.Algorithms, a => a.Curve == EcCurves.Secp256r1 && a.Sign.Contains(SignatureAlgorithm.Ecdsa));
        Assert.True(driver.Channel.Options.ExtendedLength);
        Assert.False(driver.Channel.Options.CommandChaining);
        Assert.False(driver.Channel.Options.GetResponse);
        Assert.Equal(0x7FFF, caps.MaxReadChunk);
        card.AssertDone();
    }

    [Fact]
    public void Rsa_key_generation_uses_one_extended_apdu()
    {
        var card = V1Card()
            .Expect(V1Raw, VerifyRightPin)
            .Expect(V1Raw, "00224100068001F3840100")
            .Expect(V1Raw, "00464200000000");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var key = Assert.IsType<RsaPublicKeyInfo>(driver.GenerateKeyPair(0, KeySpec.Rsa(2048)));
        Assert.Equal(2048, key.ModulusBits);
        Assert.Equal("010001", Hex.Encode(key.Exponent));
        card.AssertDone();
    }

    [Fact]
    public void Ec_key_generation_sends_the_curve_in_an_extended_apdu()
    {
        var card = V1Card()
            .Expect(V1Raw, VerifyRightPin)
            .Expect(V1Raw, "00224100068001EC840101")
            .Expect(V1Raw, Command("004600000000CF"));
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var key = Assert.IsType<EcPublicKeyInfo>(driver.GenerateKeyPair(1, KeySpec.Ec(EcCurves.Secp256r1)));
        Assert.Equal(65, key.Point.Length);
        card.AssertDone();
    }

    [Fact]
    public void Pss_pkcs1_and_prehashed_ecdsa_signatures_match_what_the_applet_accepted()
    {
        var hash = Bytes(Sha256OfV1Data);
        var digestInfo = Bytes("3031300D060960864801650304020105000420" + Sha256OfV1Data);
        var card = V1Card()
            .Expect(V1Raw, VerifyRightPin)
            .Expect(V1Raw, "002241B606800112840100")
            .Expect(V1Raw, "002A9E9A20" + Sha256OfV1Data + "00")
            .Expect(V1Raw, "002241B606800111840100")
            .Expect(V1Raw, "002A9E9A33" + Hex.Encode(digestInfo) + "00")
            .Expect(V1Raw, "002241B606800121840101")
            .ExpectAfter(V1Raw, "002241B606800121840101", "002A9E9A20" + Sha256OfV1Data + "00");
        var driver = Connect(card);
        using (driver.BeginTransaction())
        {
            driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
            Assert.Equal(256, driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPss, hash).Length);
            Assert.Equal(256, driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPkcs1, digestInfo).Length);
            var der = driver.Sign(new CardKey(1, 256), SignatureAlgorithm.Ecdsa, hash);
            Assert.Equal(64, EcdsaSignature.DerToRaw(der, 32).Length);
        }
        card.AssertDone();
    }

    [Fact]
    public void Ecdsa_sha1_on_v1_is_hashed_by_the_driver()
    {
        var sha1 = Hex.Encode(SHA1.HashData(Bytes(DataTxt)));
        var card = V1Card()
            .Expect(V1Raw, VerifyRightPin)
            .Expect(V1Raw, "002241B606800121840101")
            .Expect("002A9E9A14" + sha1 + "00", "30060201010201019000");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        Assert.Equal("3006020101020101", Hex.Encode(driver.Sign(new CardKey(1, 256), SignatureAlgorithm.EcdsaSha1, Bytes(DataTxt))));
        card.AssertDone();
    }

    [Fact]
    public void Pss_with_a_hash_of_an_unknown_length_is_refused_before_sending()
    {
        var card = V1Card();
        Assert.Throws<ArgumentException>(() => Connect(card).Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPss, new byte[33]));
        card.AssertDone();
    }

    [Fact]
    public void Decipher_sends_one_extended_apdu()
    {
        var pso = Command("002A80860001010095");
        var card = V1Card()
            .Expect(V1Raw, VerifyRightPin)
            .Expect(V1Raw, "002241B806800111840100")
            .Expect(V1Raw, pso);
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var plain = driver.Decipher(new CardKey(0, 2048), DecipherAlgorithm.RsaPkcs1, Bytes(pso[16..^4]));
        Assert.Equal("E78A6AAC8987E9B47F37402E95C61BF33B637C2C7758DB3E25AF6B6165B1C196", Hex.Encode(plain));
        card.AssertDone();
    }

    [Fact]
    public void A_270_byte_file_is_written_in_one_apdu_and_read_in_one()
    {
        var content = V0Files["3F0050153300"];
        var card = V1Card()
            .Expect(V1Raw, "00A4080C0450153300")
            .Expect(V1Raw, "00D6000000010E" + Hex.Encode(content))
            // v1-raw.apdu read this file with Le=0200; the driver asks for exactly the 270 bytes the FCI gives.
            .Expect("00A40800045015330000", "6F158102010E820101830233008608FF90FFFFFFFF90009000")
            .Expect("00B0000000010E", Hex.Encode(content) + "9000");
        var driver = Connect(card);
        var path = CardPath.Parse("3F0050153300");
        driver.UpdateBinary(path, 0, content);
        Assert.Equal(content, driver.ReadFile(path));
        card.AssertDone();
    }

    [Fact]
    public void Unblock_with_a_wrong_puk_reports_the_puk_tries_left()
    {
        // v1-raw.apdu sent the same wrong PUK (16 zero bytes) with the new PIN unpadded; the driver pads it to 16.
        var card = V1Card().Expect("002C000120" + new string('0', 32) + "31323334353600000000000000000000", "63C4");
        var e = Assert.Throws<CardException>(() =>
            Connect(card).UnblockPin(IsoAppletDriver.UserPin, IsoAppletDriver.Puk, new byte[16], "123456"u8));
        Assert.Equal(CardError.PinIncorrect, e.Error);
        Assert.Equal(4, e.TriesLeft);
        card.AssertDone();
    }

    [Fact]
    public void Reselecting_the_applet_clears_pin_state_so_mse_then_fails_with_6982()
    {
        var card = V1Card()
            .Expect(V1Raw, SelectApplet)
            .Expect(V1Raw, "002241B606800111840100", "6982");
        var driver = Connect(card);
        driver.Logout();
        var e = Assert.Throws<CardException>(() => driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPkcs1, new byte[51]));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, e.Error);
        card.AssertDone();
    }

    [Theory]
    [InlineData("002241B606800111840110", CardError.ReferenceDataNotUsable)]
    [InlineData("002241B606800111840105", CardError.CardInternalError)]
    [InlineData("002241B606800199840100", CardError.FunctionNotSupported)]
    public void Mse_errors_of_the_genuine_applet_map_to_kinds(string command, CardError expected)
    {
        var sw = Convert.ToUInt16(V1Raw.ResponseTo(command)[^4..], 16);
        Assert.Equal(expected, StatusWordMap.ToError(sw));
    }
}
