using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard.Tests;

/// <summary>State file format 2 (a card's applets, each with its own state), and format 1 files of IsoApplet cards.</summary>
public class StateFileTests
{
    private const string SelectAlpha = "00A4040008A000000001010101";
    private const string SelectBeta = "00A4040010D2760001240103040000000000010000";

    private static EmulatedCard Open(string path, string? applets) =>
        EmulatedCard.Open(path, applets, null, ProbeKinds.Catalog, c => new EmulatedCard(c));

    private static EmulatedCard LoadProbe(string path) => EmulatedCard.Load(path, null, ProbeKinds.Catalog, c => new EmulatedCard(c));

    private static int Counter(EmulatedCard card, string select)
    {
        var s = new CardSession(card);
        s.Ok(select);
        return s.Ok("00C4000001")[0];
    }

    /// <summary>A state file around any payload, with a correct checksum.</summary>
    private static byte[] Frame(ushort version, byte[] payload)
    {
        var header = new byte[14];
        Encoding.ASCII.GetBytes("SSCVCARD").CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), version);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(10), (uint)payload.Length);
        byte[] body = [.. header, .. payload];
        return [.. body, .. SHA256.HashData(body)];
    }

    private static byte[] Record(byte tag, byte[] value)
    {
        var header = new byte[5];
        header[0] = tag;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)value.Length);
        return [.. header, .. value];
    }

    private static byte[] AppletRecord(string kind, byte[] state) =>
        Record(0x01, [.. Record(0x01, Encoding.ASCII.GetBytes(kind)), .. Record(0x02, state)]);

    [Fact]
    public void ACompositeCard_SavesEveryAppletsChange_AndReopensAsTheSameCard()
    {
        using var dir = new TempDir("vcard-v2");
        var path = dir.File("card.state");
        var card = Open(path, "alpha,beta");
        var s = new CardSession(card);
        s.Ok(SelectAlpha);
        s.Ok("00D00000");
        s.Ok(SelectBeta);
        s.Ok("00D00000");
        s.Ok("00D00000");

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8)));
        Assert.Equal(["alpha", "beta"], CardStateCodec.Decode(bytes).Select(a => a.Kind));

        var reopened = Open(path, null); // no --applet: what the file holds
        Assert.Equal(["alpha", "beta"], reopened.Applets);
        Assert.Equal(1, Counter(reopened, SelectAlpha));
        Assert.Equal(2, Counter(reopened, SelectBeta));
        Assert.Equal(ProbeKinds.Alpha.DefaultAtr, reopened.Atr);
        Assert.Equal(Path.GetFullPath(path), reopened.StatePath);
        Assert.Null(LoadProbe(path).StatePath);

        var reordered = Open(path, "beta,alpha"); // the same applets in another order: the first one gives the ATR
        Assert.Equal(["beta", "alpha"], reordered.Applets);
        Assert.Equal(ProbeKinds.Beta.DefaultAtr, reordered.Atr);
        Assert.Equal(2, Counter(reordered, SelectBeta));
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("alpha,beta,v1")]
    [InlineData("v1")]
    public void AFileHoldingOtherApplets_IsRefusedAndLeftUntouched(string asked)
    {
        using var dir = new TempDir("vcard-v2");
        var path = dir.File("card.state");
        Open(path, "alpha,beta");
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<CardStateException>(() => Open(path, asked));
        Assert.Contains($"holds a card with alpha,beta, not {asked}; use --applet alpha,beta or another state file", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnImpossibleAppletList_WritesNoFile()
    {
        using var dir = new TempDir("vcard-v2");
        var path = dir.File("card.state");
        Assert.Throws<ArgumentException>(() => Open(path, "v0,v1"));
        Assert.Throws<ArgumentException>(() => Open(path, "alpha,gamma"));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void EveryTruncation_AndEveryFlippedByte_IsRefused()
    {
        using var dir = new TempDir("vcard-v2");
        var path = dir.File("card.state");
        Open(path, "alpha,beta");
        var good = File.ReadAllBytes(path);
        for (var length = 0; length < good.Length; length++)
            Assert.Throws<CardStateException>(() => CardStateCodec.Decode(good[..length]));
        for (var i = 0; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            Assert.Throws<CardStateException>(() => CardStateCodec.Decode(bad));
        }
        Assert.Throws<CardStateException>(() => CardStateCodec.Decode([.. good, 0x00]));
    }

    public static TheoryData<string, byte[], string> MalformedPayloads() => new()
    {
        { "no applet", [], "holds no applet" },
        { "unknown record", Record(0x02, [0x00]), "unknown record 02" },
        { "record past its end", [0x01, 0x00, 0x00, 0x00, 0x09, 0x01], "runs past its container" },
        { "kind missing", Record(0x01, Record(0x02, [0x01, 0x00])), "without kind or state" },
        { "state missing", Record(0x01, Record(0x01, "alpha"u8.ToArray())), "without kind or state" },
        { "kind twice", [.. AppletRecord("alpha", [0x01, 0x00]), .. AppletRecord("alpha", [0x01, 0x00])], "appears twice" },
        { "comma in kind", AppletRecord("alpha,beta", [0x01, 0x00]), "not a short printable name" },
        { "empty kind", AppletRecord("", [0x01, 0x00]), "not a short printable name" },
        { "unknown inner record", Record(0x01, [.. Record(0x01, "alpha"u8.ToArray()), .. Record(0x07, [])]), "unknown or repeated applet record 07" },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void AWellChecksummedFileWithAMalformedPayload_IsRefusedWithTheReason(string what, byte[] payload, string reason)
    {
        var e = Assert.Throws<CardStateException>(() => CardStateCodec.Decode(Frame(2, payload)));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal), $"{what}: {e.Message}");
    }

    [Fact]
    public void UnknownFormatVersions_AndUnknownOrBrokenApplets_AreRefusedWithTheReason()
    {
        using var dir = new TempDir("vcard-v2");
        var path = dir.File("card.state");

        File.WriteAllBytes(path, Frame(3, AppletRecord("alpha", [0x01, 0x00])));
        Assert.Contains("format version 3 is not supported", Assert.Throws<CardStateException>(() => Open(path, null)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, Frame(2, AppletRecord("zeta", [0x01, 0x00])));
        var unknown = Assert.Throws<CardStateException>(() => Open(path, null));
        Assert.Contains("applet 'zeta', which this sharpsc-vcard does not know", unknown.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, Frame(2, AppletRecord("alpha", [0x09, 0x09])));
        var broken = Assert.Throws<CardStateException>(() => Open(path, null));
        Assert.Contains("the state of applet alpha is invalid: not a probe applet state", broken.Message, StringComparison.Ordinal);
        Assert.Contains("left untouched", broken.Message, StringComparison.Ordinal);

        var isoState = new IsoAppletCard(AppletVersion.V1).InstalledApplets[0].SaveState();
        File.WriteAllBytes(path, Frame(2, AppletRecord("v0", isoState)));
        Assert.Contains("recorded as applet v0 holds applet v1", Assert.Throws<CardStateException>(() => Open(path, null)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, Frame(2, AppletRecord("v1", [0x02, .. isoState[1..]])));
        Assert.Contains("IsoApplet state encoding 2 is not supported", Assert.Throws<CardStateException>(() => Open(path, null)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v0", AppletVersion.V0)]
    [InlineData("v1", AppletVersion.V1)]
    public void AFormat1FileOfThePreviousSharpscVcard_Loads_AndIsWrittenBackInFormat2(string kind, AppletVersion version)
    {
        using var dir = new TempDir("vcard-v1");
        var path = dir.File("card.state");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "vcard", $"isoapplet-{kind}-format1.state"), path);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(File.ReadAllBytes(path).AsSpan(8)));

        var card = IsoAppletCard.OpenOrCreate(path, version);
        Assert.Equal(version, card.Version);
        var s = new CardSession(card);
        s.Ok(CardSession.SelectApplet);
        s.Expect("00200001", 0x63C3); // a PIN with 3 tries
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(File.ReadAllBytes(path).AsSpan(8))); // nothing persistent changed yet

        s.Ok("0020000110" + CardSession.PaddedPin); // 123456, as the fixture's README says; the try counter is saved
        var rewritten = File.ReadAllBytes(path);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(rewritten.AsSpan(8)));
        Assert.Equal([kind], CardStateCodec.Decode(rewritten).Select(a => a.Kind));
        s.Ok("002241B606800121840100"); // the EC key in slot 0 signs
        Assert.Equal(0x30, s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[20], 256))[0]);

        s.Expect("002000011039393939393900000000000000000000", 0x63C2);
        var again = new CardSession(IsoAppletCard.Load(path));
        again.Ok(CardSession.SelectApplet);
        again.Expect("00200001", 0x63C2);
        Assert.Equal([kind], EmulatedCard.Load(path).Applets);
    }

    [Fact]
    public void AFormat1File_OfTheOtherGeneration_IsRefusedWithTheApplet()
    {
        using var dir = new TempDir("vcard-v1");
        var path = dir.File("card.state");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "vcard", "isoapplet-v0-format1.state"), path);
        var e = Assert.Throws<CardStateException>(() => EmulatedCard.OpenOrCreate(path, "v1"));
        Assert.Contains("holds a card with v0, not v1; use --applet v0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsoAppletCardLoad_RefusesACardWithOtherApplets()
    {
        using var dir = new TempDir("vcard-v2");
        var path = dir.File("card.state");
        Open(path, "alpha");
        Assert.Throws<CardStateException>(() => IsoAppletCard.Load(path)); // the real catalog has no alpha
        var probe = LoadProbe(path);
        probe.Save(dir.File("copy.state"));
        Assert.Equal(["alpha"], LoadProbe(dir.File("copy.state")).Applets);
    }
}
