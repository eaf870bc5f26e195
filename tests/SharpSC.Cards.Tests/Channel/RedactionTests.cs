using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Channel;

/// <summary>The APDU trace (SHARPSC_DEBUG=3) never shows PINs, PUKs, private keys or deciphered data.</summary>
[Collection(GlobalLogCollection.Name)]
public class RedactionTests
{
    private const string PinHex = "313233343536";
    private const string NewPinHex = "373737373737";
    private const string PukHex = "30313233343536373839616263646566";

    [Fact]
    public void Verify_change_unblock_and_set_traces_show_lengths_and_status_words_only()
    {
        using var log = new LogCapture();
        var card = V0Card()
            .Expect(VerifyRightPin, "9000")
            .Expect("0024000120" + PinHex + new string('0', 20) + NewPinHex + new string('0', 20), "63C2")
            .Expect("002C000120" + PukHex + NewPinHex + new string('0', 20), "9000")
            .Expect("0024010210" + PukHex, "6A86");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        Assert.ThrowsAny<Exception>(() => driver.ChangePin(IsoAppletDriver.UserPin, "123456"u8, "777777"u8));
        driver.UnblockPin(IsoAppletDriver.UserPin, IsoAppletDriver.Puk, "0123456789abcdef"u8, "777777"u8);
        Assert.ThrowsAny<Exception>(() => driver.SetPuk("0123456789abcdef"u8));
        card.AssertDone();

        var trace = log.Text;
        Assert.DoesNotContain(PinHex, trace);
        Assert.DoesNotContain(NewPinHex, trace);
        Assert.DoesNotContain(PukHex, trace);
        Assert.Contains("> 00200001 Lc=16 <redacted 16 bytes>", trace);
        Assert.Contains("> 00240001 Lc=32 <redacted 32 bytes>", trace);
        Assert.Contains("> 002C0001 Lc=32 <redacted 32 bytes>", trace);
        Assert.Contains("< 63C2", trace);
        Assert.Contains("< 6A86", trace);
    }

    [Fact]
    public void A_chained_key_import_never_shows_key_bytes()
    {
        using var log = new LogCapture();
        var rsa = System.Security.Cryptography.RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        var key = new RsaPrivateKeyImport(2048, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!);
        var card = new RecordingCard();
        var driver = IsoAppletDriver.TryConnect(new ApduChannel(card), out _)!;
        driver.ImportPrivateKey(3, key);

        Assert.Equal(3, card.Sent.Count(c => c[1] == 0xDB)); // 659 bytes: chained links of 255, 255 and 149
        var trace = log.Text;
        foreach (var secret in new[] { p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! })
            Assert.DoesNotContain(Hex.Encode(secret.AsSpan(0, 8)), trace);
        Assert.Contains("<redacted 255 bytes>", trace);
        Assert.DoesNotContain("7F4882", trace);
    }

    [Fact]
    public void Deciphered_data_is_redacted_but_signatures_are_shown()
    {
        using var log = new LogCapture();
        var card = V0Card()
            .Expect("002241B806800111840100", "9000")
            .Expect("002A80860400AABBCC00", "5A23B45CAFE15F2F9000")
            .Expect("002241B606800111840100", "9000")
            .Expect("002A9E9A02010200", "0102030405069000");
        var driver = Connect(card);
        driver.Decipher(new CardKey(0, 0), DecipherAlgorithm.RsaPkcs1, Hex.Decode("AABBCC"));
        driver.Sign(new CardKey(0, 0), SignatureAlgorithm.RsaPkcs1, Hex.Decode("0102"));
        var trace = log.Text;
        Assert.DoesNotContain("5A23B45CAFE15F2F", trace);
        Assert.Contains("< <redacted 8 bytes> 9000", trace);
        Assert.Contains("010203040506 9000", trace);
    }

    /// <summary>A v0 card that accepts everything (for traffic whose content is random).</summary>
    private sealed class RecordingCard : ICardTransport
    {
        public List<byte[]> Sent { get; } = [];
        public ReadOnlyMemory<byte> Atr => new byte[] { 0x3B, 0x80, 0x80, 0x01, 0x01 };
        public string ReaderName => "recording";

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            Sent.Add(command.ToArray());
            return command[1] == 0xA4 ? [0x00, 0x06, 0x06, 0x90, 0x00] : [0x90, 0x00];
        }

        public IDisposable BeginTransaction() => new Nothing();
        public void Dispose() { }

        private sealed class Nothing : IDisposable
        {
            public void Dispose() { }
        }
    }
}
