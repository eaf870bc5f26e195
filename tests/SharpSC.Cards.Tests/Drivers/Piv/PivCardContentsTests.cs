using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;
using SharpSC.TestSupport;

namespace SharpSC.Cards.Tests.Drivers.Piv;

/// <summary>Discovery of a PIV card's keys and certificates with few APDUs: metadata first, key history bounds the retired slots.</summary>
public sealed class PivCardContentsTests
{
    private static readonly byte[] DefaultKey = Hex.Decode("010203040506070801020304050607080102030405060708");
    private static readonly Lazy<byte[]> BenchCard = new(Build);

    /// <summary>The benchmark's card: RSA-2048 in 9A, P-256 in 9C and 9E, P-256 in 82 and 83, a certificate for each, key history 2.</summary>
    private static byte[] Build()
    {
        var card = new PivCardEmulator(20252026);
        var driver = PivDriver.TryConnect(new ApduChannel(card.Transport()), out _)!;
        driver.AuthenticateManagementKey(DefaultKey);
        var cert = PivDriverEmulatorTests.SelfSigned("CN=contents", 1024);
        driver.GenerateKeyPair(PivSlot.Authentication, KeySpec.Rsa(2048));
        foreach (var slot in new[] { PivSlot.Signature, PivSlot.CardAuthentication, PivSlot.Retired[0], PivSlot.Retired[1] })
            driver.GenerateKeyPair(slot, KeySpec.Ec(EcCurves.Secp256r1));
        foreach (var slot in new[] { PivSlot.Authentication, PivSlot.Signature, PivSlot.CardAuthentication, PivSlot.Retired[0], PivSlot.Retired[1] })
            driver.WriteCertificate(slot, cert);
        driver.WriteObject(0x5FC10C, Hex.Decode("C10102C20100FE00"));
        return card.SaveState();
    }

    [Fact]
    public void A_yubikey_lists_its_keys_from_metadata_and_probes_only_the_retired_slots_the_key_history_counts()
    {
        var transport = PivCardEmulator.Restore(BenchCard.Value).Transport();
        var driver = PivDriver.TryConnect(new ApduChannel(transport), out _)!;
        var contents = new PivCardContents(driver);
        using var transaction = driver.BeginTransaction();
        var keys = contents.Keys();
        Assert.Equal([0x9A, 0x9C, 0x9E, 0x82, 0x83], keys.Select(k => k.Slot.Reference));
        Assert.All(keys, k => Assert.True(k.FromMetadata));
        Assert.Equal(KeySpec.Rsa(2048), keys[0].Spec);
        Assert.Equal(PivPinPolicy.Always, keys[1].PinPolicy);
        Assert.Equal(PivPinPolicy.Never, keys[2].PinPolicy);
        // SELECT and GET SERIAL (detection), the transaction's check of the selection, 4 standard metadata, key
        // history, 2 retired metadata; no certificate, no other retired slot.
        Assert.True(transport.Apdus == 10, string.Join(" ", transport.Sent));
        Assert.DoesNotContain(transport.Sent, s => s.StartsWith("00CB3FFF055C035FC105", StringComparison.Ordinal));
        Assert.DoesNotContain(transport.Sent, s => s == "00F7008400");

        Assert.NotNull(contents.CertificateOf(PivSlot.Retired[1]));
        Assert.NotNull(contents.CertificateOf(PivSlot.Retired[1]));
        contents.Keys();
        Assert.Equal(11, transport.Apdus); // all remembered
        contents.Forget(PivSlot.Retired[1]);
        contents.Keys();
        Assert.Equal(13, transport.Apdus); // key history and 83 again
    }

    [Fact]
    public void A_plain_piv_card_lists_its_keys_from_certificates()
    {
        var card = PivCardEmulator.Restore(BenchCard.Value);
        var transport = new PlainPivTransport(card);
        var driver = PivDriver.TryConnect(new ApduChannel(transport), out _)!;
        var contents = new PivCardContents(driver);
        using var transaction = driver.BeginTransaction();
        var keys = contents.Keys();
        Assert.Equal([0x9A, 0x9C, 0x9E, 0x82, 0x83], keys.Select(k => k.Slot.Reference));
        Assert.All(keys, k => Assert.False(k.FromMetadata));
        Assert.Equal(KeySpec.Rsa(1024), keys[0].Spec); // the certificate's key (the test certificate is RSA-1024)
        Assert.Equal(PivPinPolicy.Always, keys[1].PinPolicy); // the spec's rule for 9C
        // SELECT, the transaction's check of the selection, key history, one GET METADATA (6D00, remembered),
        // 4 certificates (9D absent), 2 retired certificates; short APDUs: each certificate present takes a GET
        // RESPONSE round.
        Assert.True(transport.Sent.Count == 15, string.Join(" ", transport.Sent));
        contents.CertificateOf(PivSlot.Authentication);
        Assert.Equal(15, transport.Sent.Count);
    }

    [Fact]
    public void A_malformed_slot_is_left_out_and_the_others_listed()
    {
        var card = new ScriptedTransport()
            .Expect("00A4040005A00000030800", "9000")
            .Expect(PivDriverEmulatorTests.SelectionCheck, "63C3")
            .Expect("00CB3FFF055C035FC10C00", "5301C1" + "9000")
            .Expect("00F7009A00", "0101E002020201" + "9000")
            .Expect("00F7009C00", "010107" + "9000")
            .Expect("00F7009D00", "6A88")
            .Expect("00F7009E00", "010111" + "02020101" + "0443" + "8641" + "04" + new string('2', 128) + "9000");
        var driver = PivDriver.TryConnect(new ApduChannel(card), out _)!;
        var contents = new PivCardContents(driver);
        var transaction = driver.BeginTransaction();
        var keys = contents.Keys();
        Assert.Equal([0x9C, 0x9E], keys.Select(k => k.Slot.Reference));
        Assert.Null(keys[0].PublicKey); // the card named RSA-2048 without the key: type known, value not
        Assert.Null(contents.KeyHistory);
        transaction.Dispose();
        card.AssertDone();
    }

    /// <summary>The virtual card without Yubico's extensions, as any PIV card from another vendor.</summary>
    private sealed class PlainPivTransport(PivCardEmulator card) : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr => Hex.Decode("3BFA1800008131FE454A434F5033315632333298");
        public string ReaderName => "Plain PIV";
        public List<string> Sent { get; } = [];

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            Sent.Add(Hex.Encode(command));
            return command[1] is 0xF7 or 0xF8 or 0xF9 or 0xFA or 0xFB or 0xFD or 0xFE or 0xFF ? [0x6D, 0x00] : card.Process(command);
        }

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
