using System.Security.Cryptography;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.State;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests;

public class PersistenceTests
{
    private static readonly byte[] DigestInfo =
        [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. SHA256.HashData("persist"u8)];

    /// <summary>A card with files, an EC key, a wrong PIN attempt and a PUK, bound to a state file.</summary>
    private static (IsoAppletCard Card, CardPublicKey Key) Personalise(string path, AppletVersion v)
    {
        var card = IsoAppletCard.OpenOrCreate(path, v);
        var s = new CardSession(card).Personalised();
        s.Ok("00E00000176F158102004082010183022F008608FF00000000000000");
        s.Ok("00D6000004DEADBEEF");
        s.Ok("00224100068001EC840105");
        var parameters = TestKeys.CurveTemplate(ECCurve.NamedCurves.nistP256, out _);
        var generate = CardSession.Apdu(0, 0x46, 0, 0, parameters, v == AppletVersion.V0 ? 256 : 65536);
        byte[] template = v == AppletVersion.V0
            ? [.. s.Expect(generate, 0x6117), .. s.Ok("00C0000017")] // 279 bytes: 256 + GET RESPONSE
            : s.Ok(generate.AsHex());
        s.Expect("002000011039393939393900000000000000000000", 0x63C2);
        return (card, CardPublicKey.Parse(template));
    }

    [Theory]
    [InlineData(AppletVersion.V0)]
    [InlineData(AppletVersion.V1)]
    public void OpenOrCreate_SavesEveryChange_AndAReopenedCardIsTheSameCard(AppletVersion v)
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("card.state");
        var (_, key) = Personalise(path, v);

        var reopened = IsoAppletCard.OpenOrCreate(path, v);
        var s = new CardSession(reopened);
        s.Ok(CardSession.SelectApplet);
        s.Expect("00200001", 0x63C2);                                    // try counter survived
        Assert.Equal("DEADBEEF00", Hex.Format(s.Ok("00A4000C022F00").Concat(s.Ok("00B0000005")).ToArray()));
        s.Expect("0024010210" + CardSession.Puk, 0x6A86);               // still operational
        s.Verify();
        s.Ok("002241B606800121840105");
        var hash = SHA256.HashData("persist"u8);
        var signature = s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, hash, 256).AsHex());
        Assert.True(key.VerifyEcdsa(v == AppletVersion.V0 ? SHA1.HashData(hash) : hash, signature));
    }

    [Fact]
    public void SaveAndLoad_RoundTripAnImportedRsaKey()
    {
        using var dir = new TempDir("vcard-state");
        var card = new IsoAppletCard(AppletVersion.V1);
        var s = new CardSession(card).Personalised();
        s.Ok("00224100068001F3840109");
        s.Ok(CardSession.Apdu(0, 0xDB, 0x3F, 0xFF, TestKeys.RsaImportTemplate(TestKeys.Rsa2048), extended: true).AsHex());
        card.Save(dir.File("a.state"));
        Assert.Null(IsoAppletCard.Load(dir.File("a.state")).StatePath);
        var loaded = new CardSession(IsoAppletCard.Load(dir.File("a.state")));
        loaded.Ok(CardSession.SelectApplet);
        loaded.Verify();
        loaded.Ok("002241B606800111840109");
        var signature = loaded.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, DigestInfo, 256).AsHex());
        using var rsa = RSA.Create(TestKeys.Rsa2048);
        Assert.True(rsa.VerifyHash(DigestInfo[19..], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void StateFile_IsMode0600()
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("card.state");
        Personalise(path, AppletVersion.V1);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(dir.Path)); // no temporary files left behind
    }

    [Fact]
    public void MissingFile_IsABlankCard_CreatedOnOpen()
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("new.state");
        var card = IsoAppletCard.OpenOrCreate(path, AppletVersion.V0);
        Assert.True(File.Exists(path));
        Assert.Equal(Path.GetFullPath(path), card.StatePath);
        var s = new CardSession(card);
        Assert.Equal("000606", Hex.Format(s.Ok(CardSession.SelectApplet)));
        s.Ok("00200001");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bitflip")]
    [InlineData("version")]
    [InlineData("garbage")]
    public void UnusableFile_IsRefused_AndLeftUntouched(string damage)
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("card.state");
        Personalise(path, AppletVersion.V1);
        var bytes = File.ReadAllBytes(path);
        bytes = damage switch
        {
            "truncated" => bytes[..^40],
            "bitflip" => Flip(bytes, bytes.Length / 2),
            "version" => Flip(bytes, 9),
            _ => "not a card"u8.ToArray(),
        };
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CardStateException>(() => IsoAppletCard.OpenOrCreate(path, AppletVersion.V1));
        Assert.Contains("left untouched", e.Message, StringComparison.Ordinal);
        Assert.Throws<CardStateException>(() => IsoAppletCard.Load(path));
        Assert.Equal(bytes, File.ReadAllBytes(path));
        if (damage == "version") Assert.Contains("format version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StateOfTheOtherAppletVersion_IsRefused()
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("card.state");
        IsoAppletCard.OpenOrCreate(path, AppletVersion.V0);
        var e = Assert.Throws<CardStateException>(() => IsoAppletCard.OpenOrCreate(path, AppletVersion.V1));
        Assert.Contains("--applet v0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedSave_Answers6581()
    {
        using var dir = new TempDir("vcard-state");
        var sub = Path.Combine(dir.Path, "sub");
        Directory.CreateDirectory(sub);
        var log = new List<string>();
        var card = IsoAppletCard.OpenOrCreate(Path.Combine(sub, "card.state"), AppletVersion.V1, new EmulatedCardOptions { Log = log.Add });
        var s = new CardSession(card);
        s.Ok(CardSession.SelectApplet);
        Directory.Delete(sub, true);
        s.Expect("0024010106" + CardSession.Pin, 0x6581);
        Assert.Contains(log, l => l.Contains("cannot save", StringComparison.Ordinal));
    }

    [Fact]
    public void ConcurrentReaders_AlwaysSeeACompleteStateFile()
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("card.state");
        var card = IsoAppletCard.OpenOrCreate(path, AppletVersion.V1);
        var s = new CardSession(card);
        s.Ok(CardSession.SelectApplet);
        s.Ok("00E00000176F158102100082010183022F008608FF00000000000000");
        var reads = 0;
        var writing = true;
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                while (Volatile.Read(ref writing) || reads < 50)
                {
                    CardStateCodec.Decode(File.ReadAllBytes(path)); // throws if torn or corrupt
                    Interlocked.Increment(ref reads);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        reader.Start();
        var data = new byte[200];
        for (var i = 0; i < 400; i++)
        {
            data[i % 200] = (byte)i;
            s.Ok(CardSession.Apdu(0, 0xD6, (byte)(i % 16), 0, data).AsHex()); // every UPDATE BINARY saves
        }
        var readsWhileWriting = Volatile.Read(ref reads);
        Volatile.Write(ref writing, false);
        reader.Join();
        Assert.Null(failure);
        Assert.True(readsWhileWriting > 10, $"only {readsWhileWriting} reads overlapped the 400 saves");
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void LeftoverTemporaryFiles_DoNotDisturbLoading_AndOrphansAreRemoved()
    {
        using var dir = new TempDir("vcard-state");
        var path = dir.File("card.state");
        Personalise(path, AppletVersion.V1);
        var orphan = Path.Combine(dir.Path, ".card.state.2147483000.abc.tmp"); // a save killed midway
        var ours = Path.Combine(dir.Path, $".card.state.{Environment.ProcessId}.def.tmp");  // a live process' save
        File.WriteAllBytes(orphan, [1, 2, 3]);
        File.WriteAllBytes(ours, [1, 2, 3]);
        var s = new CardSession(IsoAppletCard.OpenOrCreate(path, AppletVersion.V1));
        s.Ok(CardSession.SelectApplet);
        s.Expect("00200001", 0x63C2);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(ours));
    }

    private static byte[] Flip(byte[] b, int index)
    {
        var c = (byte[])b.Clone();
        c[index] ^= 0xFF;
        return c;
    }
}
