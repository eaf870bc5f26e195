using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>What the driver does when the card or the link misbehaves: clear errors, and no stale state.</summary>
public class FaultTests
{
    private const string SelectTokenInfo = "00A40800045015503200";
    private const string TokenInfoFci = "6F158102002F820101830250328608FF000000000000009000";

    [Fact]
    public void A_reset_mid_operation_makes_the_driver_reselect_the_applet_first()
    {
        var card = V0Card()
            .Expect(V0Use, VerifyRightPin)
            .Expect(V0Use, "002241B606800111840100", "9000")
            .Fail("002A9E9A33" + DigestInfoSha256 + "00", new CardResetException("reset by another application"))
            .Expect(V0Use, SelectApplet)
            .Expect(V0Use, VerifyRightPin)
            .Expect(V0Use, "002241B606800111840100", "9000")
            .Expect(V0Use, "002A9E9A33" + DigestInfoSha256 + "00", "9000");
        var driver = Connect(card);
        driver.KeepStateAcrossTransactions = true;
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        Assert.Throws<CardResetException>(() => driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPkcs1, Bytes(DigestInfoSha256)));
        // The upper layer logs in again; the driver re-selects the applet and sets the environment anew.
        VerifyAndSignDigestInfo(driver);
        card.AssertDone();
    }

    [Fact]
    public void A_transport_failure_during_a_read_forgets_the_current_file()
    {
        var card = V0Card()
            .Expect(SelectTokenInfo, TokenInfoFci)
            .Fail("00B000002F", new CardTransportException("reader timeout"))
            .Expect(V0Use, SelectApplet)
            .Expect(SelectTokenInfo, TokenInfoFci)
            .ExpectAfter(V0Use, SelectTokenInfo, "00B000002F");
        var driver = Connect(card);
        driver.KeepStateAcrossTransactions = true;
        var path = CardPath.Parse("3F0050155032");
        Assert.Throws<CardTransportException>(() => driver.ReadFile(path));
        Assert.Equal(47, driver.ReadFile(path).Length);
        Assert.Equal(0, card.TransactionDepth);
        card.AssertDone();
    }

    [Fact]
    public void A_reset_reported_when_the_transaction_begins_is_rethrown_and_state_forgotten()
    {
        var card = new ResettingTransport(V0Card().Expect(V0Use, SelectApplet).Expect(SelectTokenInfo, TokenInfoFci)
            .ExpectAfter(V0Use, SelectTokenInfo, "00B000002F"));
        var driver = IsoAppletDriver.TryConnect(new ApduChannel(card), out _)!;
        card.ResetOnNextTransaction = true;
        Assert.Throws<CardResetException>(() => driver.ReadFile(CardPath.Parse("3F0050155032")));
        Assert.Equal(47, driver.ReadFile(CardPath.Parse("3F0050155032")).Length);
        card.Inner.AssertDone();
    }

    [Theory]
    [InlineData("6F15810200")] // FCI shorter than it says
    [InlineData("6F0282")] // length runs past the end
    [InlineData("6F8580")] // unsupported length form
    [InlineData("6F038201")] // inner TLV truncated
    public void A_garbage_fci_is_an_unexpected_response_and_the_file_is_selected_again(string fci)
    {
        var card = V0Card()
            .Expect(SelectTokenInfo, fci + "9000")
            .Expect(SelectTokenInfo, TokenInfoFci)
            .ExpectAfter(V0Use, SelectTokenInfo, "00B000002F");
        var driver = Connect(card);
        driver.KeepStateAcrossTransactions = true;
        var e = Assert.Throws<CardException>(() => driver.ReadFile(CardPath.Parse("3F0050155032")));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
        Assert.Equal(47, driver.ReadFile(CardPath.Parse("3F0050155032")).Length);
        card.AssertDone();
    }

    [Theory]
    [InlineData("7F49820109818201009000")] // modulus declared longer than sent
    [InlineData("7F4903810101" + "9000")] // no exponent, modulus of 1 byte
    [InlineData("30029000")] // not a 7F49 template
    [InlineData("9000")] // no data at all
    public void A_garbage_key_generation_answer_is_an_unexpected_response(string answer)
    {
        var card = new ScriptedTransport().Expect(V1Raw, SelectApplet).Expect(V1Raw, "00CA010100")
            .Expect(V1Raw, VerifyRightPin)
            .Expect(V1Raw, "00224100068001F3840100")
            .Expect("00464200000000", answer);
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => driver.GenerateKeyPair(0, KeySpec.Rsa(2048))).Error);
        card.AssertDone();
    }

    [Fact]
    public void A_card_that_loops_on_61xx_during_key_generation_is_cut_off()
    {
        var card = V0Card().Expect(V0Personalise, VerifyRightPin).Expect(V0Personalise, "00224100068001F3840100").Expect("0046420000", "AABB6102");
        for (var i = 0; i < 300; i++)
            card.Expect("00C0000002", "AABB6102");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var e = Assert.Throws<CardException>(() => driver.GenerateKeyPair(0, KeySpec.Rsa(2048)));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
        card.AssertDone();
    }

    [Fact]
    public void A_truncated_answer_in_a_read_is_an_unexpected_response()
    {
        var card = V0Card().Expect(SelectTokenInfo, TokenInfoFci).Expect("00B000002F", "90");
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => Connect(card).ReadFile(CardPath.Parse("3F0050155032"))).Error);
    }

    [Fact]
    public void A_get_challenge_answer_of_the_wrong_length_is_refused()
    {
        var card = V0Card().Expect("0084000008", "01029000");
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => Connect(card).GetChallenge(8)).Error);
    }

    [Fact]
    public void A_malformed_ecdsa_signature_is_an_unexpected_response()
    {
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => EcdsaSignature.DerToRaw(Hex.Decode("3006020101"), 32)).Error);
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => EcdsaSignature.DerToRaw(Hex.Decode("30060201FF020101"), 32)).Error);
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => EcdsaSignature.DerToRaw(Hex.Decode("3008020301020302010100"), 2)).Error);
    }

    /// <summary>Reports a reset when a transaction begins, as PC/SC does after another client reset the card.</summary>
    private sealed class ResettingTransport(ScriptedTransport inner) : ICardTransport
    {
        public ScriptedTransport Inner => inner;
        public bool ResetOnNextTransaction { get; set; }
        public ReadOnlyMemory<byte> Atr => inner.Atr;
        public string ReaderName => inner.ReaderName;
        public byte[] Transmit(ReadOnlySpan<byte> command) => inner.Transmit(command);

        public IDisposable BeginTransaction()
        {
            if (!ResetOnNextTransaction) return inner.BeginTransaction();
            ResetOnNextTransaction = false;
            throw new CardResetException("card was reset");
        }

        public void Dispose() => inner.Dispose();
    }
}
