using System.IO.Compression;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Drivers.Piv;

/// <summary>
/// Every card answer is untrusted: a malformed one is a <see cref="CardException"/> (UnexpectedResponse) with a
/// message naming what is wrong, never another exception, and the driver keeps working for the other objects.
/// </summary>
public sealed class PivHostileAnswerTests
{
    private static readonly byte[] Certificate = PivDriverEmulatorTests.SelfSigned("CN=hostile", 1024);

    private static CardException Malformed(Action action)
    {
        var e = Assert.Throws<CardException>(action);
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
        return e;
    }

    public static TheoryData<string, string> BrokenContainers => new()
    {
        { "truncated certificate", "708201000102030405" },
        { "length of four bytes", "7084000000100102" },
        { "no certificate tag", "710100FE00" },
        { "empty", "" },
        { "tag only", "70" },
        { "not DER inside", "700401020304710100FE00" },
        { "corrupt gzip", "70081F8B0800DEADBEEF710101FE00" },
    };

    [Theory]
    [MemberData(nameof(BrokenContainers))]
    public void Broken_certificate_containers_are_malformed(string what, string hex)
    {
        var e = Malformed(() => PivCertificateContainer.Parse(Hex.Decode(hex), out _));
        Assert.False(string.IsNullOrEmpty(e.Message), what);
    }

    [Fact]
    public void A_gzip_that_inflates_past_the_bound_is_refused_and_a_good_one_inflates()
    {
        using var bomb = new MemoryStream();
        using (var gz = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
            gz.Write(new byte[10 * 1024 * 1024]);
        var container = new List<byte>();
        Tlv.BerTlv.Write(container, 0x70, bomb.ToArray());
        container.AddRange(Hex.Decode("710101FE00"));
        Assert.True(bomb.Length < 20_000);
        var e = Malformed(() => PivCertificateContainer.Parse(container.ToArray(), out _));
        Assert.Contains("inflates beyond", e.Message, StringComparison.Ordinal);

        var good = PivCertificateContainer.Encode(Certificate, compress: true);
        Assert.Equal(Certificate, PivCertificateContainer.Parse(good, out var compressed));
        Assert.True(compressed);
    }

    [Fact]
    public void Metadata_naming_an_unknown_algorithm_leaves_the_slot_out_and_a_mismatched_key_is_an_error()
    {
        var card = new ScriptedTransport()
            .Expect("00A4040005A00000030800", "9000")
            .Expect(PivDriverEmulatorTests.SelectionCheck, "63C3")
            .Expect("00F7009A00", "0101E0" + "02020201" + "030101" + "0403" + "AABBCC" + "9000")
            .Expect("00F7009C00", "010107" + "02020301" + "030101" + "0443864104" + new string('1', 128) + "9000")
            .Expect("00F7009D00", "010111" + "02020201" + "030101" + "0406" + "8104" + "01020304" + "9000")
            .Expect("00F7009E00", "010111" + "02020101" + "030101" + "0443" + "8641" + "04" + new string('2', 128) + "9000");
        var driver = PivDriver.TryConnect(new ApduChannel(card), out _)!;
        var transaction = driver.BeginTransaction();

        Assert.True(driver.TryGetKeyMetadata(PivSlot.Authentication, out var unknown));
        Assert.Null(unknown!.Spec);
        Assert.Equal(0xE0, unknown.Algorithm);
        Assert.Contains("EC point", Malformed(() => driver.TryGetKeyMetadata(PivSlot.Signature, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("RSA modulus", Malformed(() => driver.TryGetKeyMetadata(PivSlot.KeyManagement, out _)).Message, StringComparison.Ordinal);
        Assert.True(driver.TryGetKeyMetadata(PivSlot.CardAuthentication, out var good));
        Assert.Equal(KeySpec.Ec(EcCurves.Secp256r1), good!.Spec);
        transaction.Dispose();
        card.AssertDone();
    }

    [Fact]
    public void A_truncated_object_fails_alone_and_the_next_read_works()
    {
        var container = PivCertificateContainer.Encode(Certificate, compress: false);
        var full = Tlv.BerTlv.Encode(0x53, container);
        var card = new ScriptedTransport()
            .Expect("00A4040005A00000030800", "9000")
            .Expect(PivDriverEmulatorTests.SelectionCheck, "63C3")
            .Expect("00CB3FFF055C035FC10500", Hex.Encode(full[..(full.Length / 2)]) + "9000")
            .Expect("00CB3FFF055C035FC10A00", Hex.Encode(full) + "9000")
            .Expect("00CB3FFF055C035FC10C00", "5306C10115C20100" + "9000")
            .Expect("00CB3FFF055C035FC10200", "5304341001FF" + "9000");
        var driver = PivDriver.TryConnect(new ApduChannel(card), out _)!;
        var transaction = driver.BeginTransaction();
        Malformed(() => driver.ReadCertificate(PivSlot.Authentication));
        Assert.Equal(Certificate, driver.ReadCertificate(PivSlot.Signature));
        Assert.Contains("0..20", Malformed(() => driver.ReadKeyHistory()).Message, StringComparison.Ordinal);
        Malformed(() => driver.ReadChuid());
        transaction.Dispose();
        card.AssertDone();
    }

    [Fact]
    public void General_authenticate_answers_without_a_response_are_malformed()
    {
        var card = new ScriptedTransport()
            .Expect("00A4040005A00000030800", "9000")
            .Expect(PivDriverEmulatorTests.SelectionCheck, "63C3")
            .Expect("0087119E267C24820081200000000000000000000000000000000000000000000000000000000000000000" + "00", "7C028100" + "9000")
            .Expect("0087119E267C24820081200000000000000000000000000000000000000000000000000000000000000000" + "00", "7C00" + "9000")
            .Expect("0087119E267C24820081200000000000000000000000000000000000000000000000000000000000000000" + "00", "7F4900" + "9000");
        var driver = PivDriver.TryConnect(new ApduChannel(card), out _)!;
        var transaction = driver.BeginTransaction();
        var hash = new byte[32];
        Malformed(() => driver.SignHash(PivSlot.CardAuthentication, EcCurves.Secp256r1, hash));
        Malformed(() => driver.SignHash(PivSlot.CardAuthentication, EcCurves.Secp256r1, hash));
        Malformed(() => driver.SignHash(PivSlot.CardAuthentication, EcCurves.Secp256r1, hash));
        transaction.Dispose();
        card.AssertDone();
    }

    [Fact]
    public void A_card_without_yubico_extensions_is_plain_piv()
    {
        var card = new ScriptedTransport()
            .Expect("00A4040005A00000030800", "9000")
            .Expect(PivDriverEmulatorTests.SelectionCheck, "63C3")
            .Expect("00F8000000", "6D00")
            .Expect("00FD000000", "6D00")
            .Expect("00F7009A00", "6D00");
        var driver = PivDriver.TryConnect(new ApduChannel(card), out _)!;
        var transaction = driver.BeginTransaction();
        Assert.Null(driver.YubicoSerial);
        Assert.Null(driver.FirmwareVersion);
        Assert.False(driver.IsYubiKey);
        Assert.False(driver.TryGetKeyMetadata(PivSlot.Authentication, out _));
        Assert.False(driver.TryGetKeyMetadata(PivSlot.Signature, out _)); // remembered: no second APDU
        Assert.Equal("PIV", driver.Version);
        transaction.Dispose();
        card.AssertDone();
    }

    [Fact]
    public void An_unparseable_select_answer_still_finds_the_application()
    {
        var card = new ScriptedTransport().Expect("00A4040005A00000030800", "6105AABB" + "9000");
        Assert.NotNull(PivDriver.TryConnect(new ApduChannel(card), out _));
        var notPiv = new ScriptedTransport().Expect("00A4040005A00000030800", "6A82");
        Assert.Null(PivDriver.TryConnect(new ApduChannel(notPiv), out var reason));
        Assert.Contains("6A82", reason, StringComparison.Ordinal);
    }
}
