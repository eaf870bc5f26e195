using SharpSC.Cards.Apdu;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Channel;

/// <summary>
/// GENERAL AUTHENTICATE (PIV's management-key authentication, decryption and ECDH) is never traced, whichever
/// driver sends it and whether or not it marked the command sensitive; the status word still is.
/// </summary>
[Collection(GlobalLogCollection.Name)]
public sealed class GeneralAuthenticateRedactionTests
{
    private const string Witness = "7C0A8008A1B2C3D4E5F60718";
    private const string Answer = "7C0A8208C0FFEE00DEADBEEF";

    [Fact]
    public void Both_the_command_data_and_the_answer_are_redacted()
    {
        using var log = new LogCapture();
        var card = new AnsweringCard(Hex.Decode(Answer + "9000"));
        var channel = new ApduChannel(card);
        var response = channel.Transmit(new CommandApdu(0x00, 0x87, 0x03, 0x9B, Hex.Decode(Witness), 256));
        Assert.Equal(Hex.Decode(Answer), response.Data.ToArray());

        var trace = log.Text;
        Assert.DoesNotContain("A1B2C3D4E5F60718", trace);
        Assert.DoesNotContain("C0FFEE00DEADBEEF", trace);
        Assert.Contains("<redacted 12 bytes> 9000", trace);
        Assert.Contains("Lc=12 <redacted 12 bytes>", trace);
    }

    private sealed class AnsweringCard(byte[] answer) : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr => new byte[] { 0x3B, 0x80, 0x80, 0x01, 0x01 };

        public string ReaderName => "answering";

        public byte[] Transmit(ReadOnlySpan<byte> command) => (byte[])answer.Clone();

        public IDisposable BeginTransaction() => new Nothing();

        public void Dispose()
        {
        }

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
