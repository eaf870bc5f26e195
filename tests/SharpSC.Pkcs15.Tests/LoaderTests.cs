using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Tests;

public class LoaderTests
{
    private static readonly IsoAppletFixture Fixture = IsoAppletFixture.Instance;

    private static Func<string, byte[]?> Reader(Dictionary<string, byte[]> files, List<string>? log = null) => path =>
    {
        log?.Add(path);
        return files.TryGetValue(path, out var bytes) ? bytes : null;
    };

    private static Dictionary<string, byte[]> CardFiles() => Fixture.Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void ReadsFilesInCardReaderOrder()
    {
        var log = new List<string>();
        Pkcs15Loader.Load(Reader(CardFiles(), log));
        Assert.Equal(["3F002F00", "3F0050155031", "3F0050155032", "3F0050154401", "3F0050154402", "3F0050154403", "3F0050154404"], log);
    }

    [Fact]
    public void LoadsTheWholeApplication()
    {
        var app = Pkcs15Loader.Load(Reader(CardFiles()));
        Assert.Equal("3F005015", app.ApplicationPath.Hex);
        Assert.Equal("3F0050155031", app.OdfPath.Hex);
        Assert.Equal("3F0050155032", app.TokenInfoPath.Hex);
        Assert.Equal("Test", app.Application?.Label);
        Assert.Single(app.Pins);
        Assert.Equal(2, app.PrivateKeys.Count);
        Assert.Equal(2, app.PublicKeys.Count);
        Assert.Single(app.Certificates);
        Assert.Empty(app.DataObjects);
        Assert.Empty(app.MissingFiles);
        Assert.Equal(4, app.Directories.Count);
        Assert.All(app.Directories, d => Assert.Equal(d.Kind == DirectoryKind.AuthObjects ? 256 : 512, d.FileLength));
    }

    [Fact]
    public void FindsObjectsByIdAndAuthId()
    {
        var app = Pkcs15Loader.Load(Reader(CardFiles()));
        var id = Pkcs15Id.Parse("01");
        Assert.Equal("Certificate", app.FindPrivateKey(id)?.Label);
        Assert.Equal("rsa2048", app.FindPublicKey(id)?.Label);
        Assert.Equal("Certificate", app.FindCertificate(id)?.Label);
        Assert.Equal(3, app.FindById(id).Count());
        var key = app.FindPrivateKey(Pkcs15Id.Parse("03"))!;
        Assert.Equal("User PIN", app.FindPin(key.Common.AuthId!.Value)?.Label);
        Assert.Null(app.FindPrivateKey(Pkcs15Id.Parse("02")));
    }

    [Fact]
    public void NextFreeKeyReferenceSkipsUsedSlots()
    {
        var app = Pkcs15Loader.Load(Reader(CardFiles()));
        Assert.Equal(2, app.NextFreeKeyReference());
        Assert.Equal(5, app.NextFreeKeyReference(5, 15));
        Assert.Null(app.NextFreeKeyReference(0, 1));
    }

    [Fact]
    public void PathsAndGuidsFollowOpenSc()
    {
        var app = Pkcs15Loader.Load(Reader(CardFiles()));
        Assert.Equal("3F0050154402", app.PathOf(DirectoryKind.PrivateKeys)?.Hex);
        Assert.Null(app.PathOf(DirectoryKind.DataObjects));
        Assert.Equal("3F0050153300", app.Resolve(Pkcs15Path.Parse("3300")).Hex);
        Assert.Equal("3F0050153300", app.Resolve(Pkcs15Path.Parse("3F0050153300")).Hex);
        Assert.Equal("9508e905-48b0-440a-4a61-e5743b76c1e3", app.GetObjectGuid(app.PrivateKeys[0]));
        Assert.Equal("7afe1150-b384-3c07-12ba-bda53c9c0c95", app.GetObjectGuid(app.PrivateKeys[1]));
    }

    [Fact]
    public void WithDirectoryReplacesTheMatchingFile()
    {
        var app = Pkcs15Loader.Load(Reader(CardFiles()));
        var prkdf = app.GetDirectory(DirectoryKind.PrivateKeys)!;
        var changed = app.WithDirectory(prkdf with { Objects = [prkdf.Objects[0]] });
        Assert.Single(changed.PrivateKeys);
        Assert.Equal(2, app.PrivateKeys.Count);
        Assert.Equal(4, changed.Directories.Count);
    }

    [Fact]
    public void MissingDirectoryFileIsSkippedOrRequired()
    {
        var files = CardFiles();
        files.Remove("3F0050154404");
        var app = Pkcs15Loader.Load(Reader(files));
        Assert.Equal(["3F0050154404"], app.MissingFiles.Select(p => p.Hex));
        Assert.Empty(app.Certificates);
        var e = Assert.Throws<Pkcs15FormatException>(() => Pkcs15Loader.Load(Reader(files), new Pkcs15LoadOptions { RequireAllDirectoryFiles = true }));
        Assert.Equal("CDF 3F0050154404: file not found", e.Message);
    }

    [Fact]
    public void MissingOdfOrTokenInfoIsNotAPkcs15Card()
    {
        var files = CardFiles();
        files.Remove("3F0050155032");
        Assert.Equal("EF(TokenInfo) 3F0050155032: file not found", Assert.Throws<Pkcs15FormatException>(() => Pkcs15Loader.Load(Reader(files))).Message);
        files.Remove("3F0050155031");
        Assert.Contains("EF(ODF) 3F0050155031", Assert.Throws<Pkcs15FormatException>(() => Pkcs15Loader.Load(Reader(files))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutEfDirTheDefaultApplicationDfIsUsed()
    {
        var files = CardFiles();
        files.Remove("3F002F00");
        var app = Pkcs15Loader.Load(Reader(files));
        Assert.Null(app.EfDir);
        Assert.Equal("3F005015", app.ApplicationPath.Hex);
        Assert.Equal(2, app.PrivateKeys.Count);
    }

    [Fact]
    public void WithoutEfDirAndDf5015TheOdfIsLookedForUnderTheMf()
    {
        var files = CardFiles().ToDictionary(f => f.Key.Replace("3F005015", "3F00", StringComparison.Ordinal), f => f.Value);
        files.Remove("3F002F00");
        var log = new List<string>();
        var app = Pkcs15Loader.Load(Reader(files, log));
        Assert.Equal("3F00", app.ApplicationPath.Hex);
        Assert.Equal("3F005031", app.OdfPath.Hex);
        Assert.Contains("3F0050155031", log);
    }

    [Fact]
    public void DdoPathsOverrideTheDefaultFileIds()
    {
        var files = CardFiles();
        var dir = new EfDir
        {
            Applications =
            [
                new ApplicationTemplate
                {
                    Aid = EfDir.Pkcs15Aid,
                    Path = ByteString.FromHex("3F005015"),
                    Ddo = new ApplicationDdo { OdfPath = Pkcs15Path.Parse("6031"), TokenInfoPath = Pkcs15Path.Parse("3F0050156032") },
                },
            ],
        };
        files["3F002F00"] = Pkcs15Codec.EncodeEfDir(dir);
        files["3F0050156031"] = files["3F0050155031"];
        files["3F0050156032"] = files["3F0050155032"];
        files.Remove("3F0050155031");
        files.Remove("3F0050155032");
        var app = Pkcs15Loader.Load(Reader(files));
        Assert.Equal("3F0050156031", app.OdfPath.Hex);
        Assert.Equal("3F0050156032", app.TokenInfoPath.Hex);
    }

    [Fact]
    public void OptionsCanNameAnotherApplication()
    {
        var files = CardFiles();
        var e = Assert.Throws<Pkcs15FormatException>(() => Pkcs15Loader.Load(Reader(files), new Pkcs15LoadOptions { Aid = ByteString.FromHex("A0000000010203") }));
        Assert.Contains("no application with AID A0000000010203", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathIndexAndLengthSelectPartOfAFile()
    {
        var files = CardFiles();
        var cdf = files["3F0050154404"];
        files["3F0050154404"] = [.. new byte[7], .. cdf.AsSpan(0, 40)];
        var odf = Pkcs15Codec.DecodeOdf(files["3F0050155031"]);
        var entries = odf.Entries.Select(e => e.Kind == DirectoryKind.Certificates ? e with { Path = e.Path! with { Index = 7, Length = 40 } } : e);
        files["3F0050155031"] = Pkcs15Codec.EncodeOdf(new Odf { Entries = ValueList.From(entries) });
        var app = Pkcs15Loader.Load(Reader(files));
        Assert.Equal("Certificate", Assert.Single(app.Certificates).Label);

        entries = odf.Entries.Select(e => e.Kind == DirectoryKind.Certificates ? e with { Path = e.Path! with { Index = 7, Length = 400 } } : e);
        files["3F0050155031"] = Pkcs15Codec.EncodeOdf(new Odf { Entries = ValueList.From(entries) });
        Assert.Contains("fall outside", Assert.Throws<Pkcs15FormatException>(() => Pkcs15Loader.Load(Reader(files))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedDirectoryFileIsNamedWithItsPathAndOffset()
    {
        var files = CardFiles();
        var prkdf = (byte[])files["3F0050154402"].Clone();
        prkdf[0x1D] = 0x04; // the RSA key's usage BIT STRING becomes an OCTET STRING
        files["3F0050154402"] = prkdf;
        var e = Assert.Throws<Pkcs15FormatException>(() => Pkcs15Loader.Load(Reader(files)));
        Assert.Equal("PrKDF 3F0050154402 at offset 0x1D: expected BIT STRING (03) for usage, found 0x04", e.Message);
        Assert.Equal(0x1D, e.Offset);
    }
}
