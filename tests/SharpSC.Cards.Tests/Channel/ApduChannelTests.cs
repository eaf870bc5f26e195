using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Channel;

public class ApduChannelTests
{
    private static readonly ApduChannelOptions Extended = new() { ExtendedLength = true, CommandChaining = false, GetResponse = false };

    [Fact]
    public void GetResponse_collects_61xx_rounds_with_the_announced_length()
    {
        var card = new ScriptedTransport()
            .Expect("0046420000", "AA".PadRight(512, 'A') + "6102")
            .Expect("00C0000002", "BBBB610E")
            .Expect("00C000000E", new string('C', 28) + "9000");
        var channel = new ApduChannel(card);
        var r = channel.Transmit(new CommandApdu(0, 0x46, 0x42, 0, ne: 65536));
        Assert.True(r.IsSuccess);
        Assert.Equal(256 + 2 + 14, r.Data.Length);
        Assert.Equal(3, channel.Statistics.Commands);
        card.AssertDone();
    }

    [Fact]
    public void A_card_that_never_stops_answering_61xx_is_cut_off()
    {
        var card = new ScriptedTransport().Expect("0084000008", "0102030405060708" + "6108");
        for (var i = 0; i < 5; i++)
            card.Expect("00C0000008", "0102030405060708" + "6108");
        var channel = new ApduChannel(card, new ApduChannelOptions { MaxGetResponseRounds = 5 });
        var e = Assert.Throws<CardException>(() => channel.Transmit(new CommandApdu(0, 0x84, 0, 0, ne: 8)));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
        Assert.Contains("GET RESPONSE", e.Message);
        card.AssertDone();
    }

    [Fact]
    public void Wrong_le_6Cxx_is_answered_by_resending_with_the_length_the_card_gave()
    {
        var card = new ScriptedTransport()
            .Expect("00B0000010", "6C08")
            .Expect("00B0000008", "01020304050607089000");
        var r = new ApduChannel(card).Transmit(new CommandApdu(0, 0xB0, 0, 0, ne: 16));
        Assert.Equal("0102030405060708", Hex.Encode(r.Data));
        card.AssertDone();
    }

    [Fact]
    public void A_card_that_keeps_answering_6Cxx_gives_wrong_length_after_the_bounded_retries()
    {
        // IsoApplet answers 6C00 to a PSO without Le; OpenSC then re-sent the same command and got 6C00 again.
        var pso = "002A9E9A03010203";
        var card = new ScriptedTransport()
            .Expect(pso, "6C00")
            .Expect(pso + "00", "6C00")
            .Expect(pso + "00", "6C00");
        var e = Assert.Throws<CardException>(() => new ApduChannel(card).Transmit(new CommandApdu(0, 0x2A, 0x9E, 0x9A, Hex.Decode("010203"))));
        Assert.Equal(CardError.WrongLength, e.Error);
        card.AssertDone();
    }

    [Fact]
    public void A_sensitive_command_is_never_resent()
    {
        var card = new ScriptedTransport().Expect("002000011031323334353600000000000000000000", "6C10");
        var r = new ApduChannel(card).Transmit(new CommandApdu(0, 0x20, 0, 1, Hex.Decode("31323334353600000000000000000000")));
        Assert.Equal(0x6C10, r.StatusWord);
        card.AssertDone();
    }

    [Fact]
    public void Long_data_is_chained_in_255_byte_links_with_cla_10()
    {
        var data = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var card = new ScriptedTransport()
            .Expect("102A8086FF" + Hex.Encode(data.AsSpan(0, 255)), "9000")
            .Expect("102A8086FF" + Hex.Encode(data.AsSpan(255, 255)), "9000")
            .Expect("002A80865A" + Hex.Encode(data.AsSpan(510)) + "00", "AABB9000");
        var r = new ApduChannel(card).Transmit(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256));
        Assert.Equal("AABB", Hex.Encode(r.Data));
        card.AssertDone();
    }

    [Fact]
    public void A_broken_chain_stops_at_the_failing_link()
    {
        var data = new byte[300];
        var card = new ScriptedTransport().Expect("10DB3FFFFF" + Hex.Encode(data.AsSpan(0, 255)), "6884");
        var r = new ApduChannel(card).Transmit(new CommandApdu(0, 0xDB, 0x3F, 0xFF, data));
        Assert.Equal(0x6884, r.StatusWord);
        card.AssertDone();
    }

    [Fact]
    public void Extended_mode_sends_long_data_in_one_apdu()
    {
        var data = new byte[270];
        var card = new ScriptedTransport().Expect("00D6000000010E" + Hex.Encode(data), "9000");
        new ApduChannel(card, Extended).Transmit(new CommandApdu(0, 0xD6, 0, 0, data));
        card.AssertDone();
    }

    [Fact]
    public void Without_extended_length_a_large_ne_is_sent_as_short_le_00()
    {
        var card = new ScriptedTransport().Expect("0046420000", "01029000");
        new ApduChannel(card).Transmit(new CommandApdu(0, 0x46, 0x42, 0, ne: 65536));
        card.AssertDone();
    }

    [Fact]
    public void Too_long_data_without_chaining_or_extended_length_is_refused_before_sending()
    {
        var card = new ScriptedTransport();
        var channel = new ApduChannel(card, new ApduChannelOptions { CommandChaining = false });
        var e = Assert.Throws<ArgumentException>(() => channel.Transmit(new CommandApdu(0, 0xD6, 0, 0, new byte[256])));
        Assert.Contains("256 data bytes", e.Message);
        Assert.Empty(card.Sent);
    }

    [Fact]
    public void Without_get_response_a_61xx_answer_is_returned_to_the_caller()
    {
        var card = new ScriptedTransport().Expect("00B0000000", "01026110");
        var r = new ApduChannel(card, Extended).Transmit(new CommandApdu(0, 0xB0, 0, 0, ne: 256));
        Assert.Equal(0x6110, r.StatusWord);
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => r.EnsureSuccess("READ")).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public void A_truncated_answer_becomes_unexpected_response(string answer)
    {
        var card = new ScriptedTransport().Expect("00A4000C023F00", answer);
        var e = Assert.Throws<CardException>(() => new ApduChannel(card).Transmit(new CommandApdu(0, 0xA4, 0, 0x0C, Hex.Decode("3F00"))));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
    }

    [Fact]
    public void Statistics_count_every_physical_exchange_and_byte()
    {
        var card = new ScriptedTransport().Expect("0084000008", "01020304050607089000").Expect("00A4000C023F00", "9000");
        var channel = new ApduChannel(card);
        channel.Transmit(new CommandApdu(0, 0x84, 0, 0, ne: 8));
        channel.Transmit(new CommandApdu(0, 0xA4, 0, 0x0C, Hex.Decode("3F00")));
        Assert.Equal(2, channel.Statistics.Commands);
        Assert.Equal(5 + 7, channel.Statistics.BytesSent);
        Assert.Equal(10 + 2, channel.Statistics.BytesReceived);
        channel.Statistics.Reset();
        Assert.Equal(0, channel.Statistics.Commands);
    }
}
