using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Tests;

/// <summary>Damaged files fail only with <see cref="Pkcs15FormatException"/>: truncated at every offset, and with bytes flipped.</summary>
public class RobustnessTests
{
    private static readonly IsoAppletFixture Fixture = IsoAppletFixture.Instance;

    public static TheoryData<string> Pkcs15Files() =>
        ["3F002F00", "3F0050155031", "3F0050155032", "3F0050154401", "3F0050154402", "3F0050154403", "3F0050154404"];

    private static void Decode(string path, byte[] data)
    {
        switch (path)
        {
            case "3F002F00":
                Pkcs15Codec.DecodeEfDir(data);
                break;
            case "3F0050155031":
                Pkcs15Codec.DecodeOdf(data);
                break;
            case "3F0050155032":
                Pkcs15Codec.DecodeTokenInfo(data);
                break;
            default:
                foreach (var kind in Enum.GetValues<DirectoryKind>())
                    Pkcs15Codec.DecodeDirectory(kind, data, path);
                break;
        }
    }

    private static void DecodesOrFailsCleanly(string path, byte[] data)
    {
        try
        {
            Decode(path, data);
        }
        catch (Pkcs15FormatException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Source));
            Assert.NotNull(e.Offset);
            Assert.InRange(e.Offset!.Value, 0, data.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Pkcs15Files))]
    public void TruncatedAtEveryOffsetFailsOnlyWithFormatException(string path)
    {
        var file = Fixture[path];
        for (var length = 0; length <= file.Length; length++)
            DecodesOrFailsCleanly(path, file[..length]);
    }

    [Theory]
    [MemberData(nameof(Pkcs15Files))]
    public void FlippedBytesFailOnlyWithFormatException(string path)
    {
        var file = Fixture[path];
        byte[] masks = [0x01, 0x20, 0x80, 0xFF];
        var end = Math.Min(file.Length, 160);
        for (var offset = 0; offset < end; offset++)
        {
            foreach (var mask in masks)
            {
                var damaged = (byte[])file.Clone();
                damaged[offset] ^= mask;
                DecodesOrFailsCleanly(path, damaged);
            }
        }
    }

    [Fact]
    public void ReplacedBytesAnywhereInTheLoadedCardFailOnlyWithFormatException()
    {
        var random = new Random(1515);
        for (var round = 0; round < 2000; round++)
        {
            var files = Fixture.Files.ToDictionary(f => f.Key, f => (byte[])f.Value.Clone());
            var victim = files.Keys.OrderBy(k => k, StringComparer.Ordinal).ElementAt(random.Next(files.Count));
            var bytes = files[victim];
            for (var n = random.Next(1, 4); n > 0; n--)
                bytes[random.Next(Math.Min(bytes.Length, 200))] = (byte)random.Next(256);
            try
            {
                var app = Pkcs15Loader.Load(p => files.TryGetValue(p, out var b) ? b : null);
                Pkcs15Dump.Format(app, p => files.TryGetValue(p, out var b) ? b : null);
            }
            catch (Pkcs15FormatException)
            {
            }
        }
    }

    [Fact]
    public void DeeplyNestedGarbageIsRejectedWithoutStackOverflow()
    {
        var nested = new List<byte>();
        for (var i = 0; i < 5000; i++)
            nested.InsertRange(0, [0x30, 0x82, (byte)((nested.Count >> 8) & 0xFF), (byte)(nested.Count & 0xFF)]);
        var data = nested.Take(60000).ToArray();
        DecodesOrFailsCleanly("3F0050154402", data);
        Assert.ThrowsAny<Pkcs15FormatException>(() => Pkcs15Codec.DecodeTokenInfo(data));
    }

    [Fact]
    public void UnknownEntriesSurviveEvenWhenTheirContentIsOpaque()
    {
        var objects = Pkcs15Codec.DecodeDirectory(DirectoryKind.SecretKeys, Convert.FromHexString("A3030201FF"));
        var unknown = Assert.IsType<UnknownObject>(Assert.Single(objects));
        Assert.Null(unknown.Label);
        Assert.Equal("A3030201FF", Convert.ToHexString(Pkcs15Codec.EncodeDirectory(objects)));
    }
}
