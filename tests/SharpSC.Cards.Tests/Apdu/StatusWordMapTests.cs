using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tests.Support;

namespace SharpSC.Cards.Tests.Apdu;

public class StatusWordMapTests
{
    [Theory]
    [InlineData(0x6982, CardError.SecurityStatusNotSatisfied)]
    [InlineData(0x6983, CardError.AuthenticationBlocked)]
    [InlineData(0x6984, CardError.ReferenceDataNotUsable)]
    [InlineData(0x6985, CardError.ConditionsNotSatisfied)]
    [InlineData(0x6981, CardError.IncompatibleFileStructure)]
    [InlineData(0x6986, CardError.CommandNotAllowed)]
    [InlineData(0x6900, CardError.CommandNotAllowed)]
    [InlineData(0x6700, CardError.WrongLength)]
    [InlineData(0x6C10, CardError.WrongLength)]
    [InlineData(0x6881, CardError.LogicalChannelNotSupported)]
    [InlineData(0x6882, CardError.SecureMessagingNotSupported)]
    [InlineData(0x6883, CardError.ChainingNotSupported)]
    [InlineData(0x6884, CardError.ChainingNotSupported)]
    [InlineData(0x6A80, CardError.IncorrectData)]
    [InlineData(0x6A81, CardError.FunctionNotSupported)]
    [InlineData(0x6A82, CardError.FileNotFound)]
    [InlineData(0x6A83, CardError.RecordNotFound)]
    [InlineData(0x6A84, CardError.NotEnoughMemory)]
    [InlineData(0x6A86, CardError.WrongParameters)]
    [InlineData(0x6A88, CardError.ReferencedDataNotFound)]
    [InlineData(0x6A89, CardError.FileExists)]
    [InlineData(0x6A8A, CardError.FileExists)]
    [InlineData(0x6B00, CardError.WrongParameters)]
    [InlineData(0x6D00, CardError.InstructionNotSupported)]
    [InlineData(0x6E00, CardError.ClassNotSupported)]
    [InlineData(0x6F00, CardError.CardInternalError)]
    [InlineData(0x6581, CardError.CardInternalError)]
    [InlineData(0x6281, CardError.FileInvalid)]
    [InlineData(0x6300, CardError.PinIncorrect)]
    [InlineData(0x6110, CardError.UnexpectedResponse)]
    [InlineData(0x9123, CardError.Unknown)]
    public void Status_words_map_to_one_kind(int sw, CardError expected) =>
        Assert.Equal(expected, StatusWordMap.ToError((ushort)sw));

    [Fact]
    public void Counter_63Cx_gives_tries_left_and_63C0_means_blocked()
    {
        var wrong = CardException.FromStatusWord(0x63C2, "VERIFY User PIN");
        Assert.Equal(CardError.PinIncorrect, wrong.Error);
        Assert.Equal(2, wrong.TriesLeft);
        Assert.Equal("VERIFY User PIN: verification failed, 2 tries left (SW 63C2)", wrong.Message);

        var blocked = CardException.FromStatusWord(0x63C0, "VERIFY");
        Assert.Equal(CardError.AuthenticationBlocked, blocked.Error);
        Assert.Equal(0, blocked.TriesLeft);
    }

    [Theory]
    [InlineData("v0-opensc-use.apdu")]
    [InlineData("v1-raw.apdu")]
    [InlineData("v0-opensc-personalise.apdu")]
    public void Every_error_the_genuine_applet_answers_maps_to_a_precise_kind(string fixture)
    {
        var transcript = Transcript.Load(fixture);
        foreach (var exchange in transcript.Exchanges)
        {
            var sw = Convert.ToUInt16(exchange.Response[^4..], 16);
            if (sw == StatusWords.Success || StatusWords.IsBytesRemaining(sw))
                continue;
            Assert.NotEqual(CardError.Unknown, StatusWordMap.ToError(sw));
        }
    }
}
