using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Tests;

/// <summary>Each PKCS#15 file OpenSC's pkcs15-init wrote on the IsoApplet card decodes to what pkcs15-tool --dump shows.</summary>
public class IsoAppletFilesTests
{
    private static readonly IsoAppletFixture Fixture = IsoAppletFixture.Instance;

    private static ValueList<Pkcs15Object> Directory(DirectoryKind kind, string path) =>
        Pkcs15Codec.DecodeDirectory(kind, Fixture[path], kind.ShortName() + " " + path);

    [Fact]
    public void EfDirNamesThePkcs15ApplicationIn5015()
    {
        var dir = Pkcs15Codec.DecodeEfDir(Fixture["3F002F00"]);
        var app = Assert.Single(dir.Applications);
        Assert.Equal(EfDir.Pkcs15Aid, app.Aid);
        Assert.Equal("Test", app.Label);
        Assert.Equal("3F005015", app.Path?.ToHex());
        Assert.Null(app.Ddo);
        Assert.Empty(dir.OtherRecords);
    }

    [Fact]
    public void OdfPointsToAodfPrkdfPukdfCdf()
    {
        var odf = Pkcs15Codec.DecodeOdf(Fixture["3F0050155031"]);
        Assert.Equal(
            [(DirectoryKind.AuthObjects, "3F0050154401"), (DirectoryKind.PrivateKeys, "3F0050154402"),
             (DirectoryKind.PublicKeys, "3F0050154403"), (DirectoryKind.Certificates, "3F0050154404")],
            odf.Entries.Select(e => (e.Kind, e.Path!.Hex)));
        Assert.All(odf.Entries, e => Assert.Null(e.Unparsed));
    }

    [Fact]
    public void TokenInfoCarriesLabelSerialFlagsAndLastUpdate()
    {
        var info = Pkcs15Codec.DecodeTokenInfo(Fixture["3F0050155032"]);
        Assert.Equal(0, info.Version);
        Assert.Equal("0000", info.SerialNumberHex);
        Assert.Equal("unknown", info.ManufacturerId);
        Assert.Equal("Test", info.Label);
        Assert.Equal(TokenFlags.EidCompliant, info.Flags);
        Assert.Equal("20261127090746Z", info.LastUpdate?.Time);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 7, 46, TimeSpan.Zero), info.LastUpdate?.TryGetTime());
        Assert.Null(info.SupportedAlgorithms);
        Assert.Null(info.PreferredLanguage);
        Assert.Empty(info.Extensions);
    }

    [Fact]
    public void AodfHoldsTheUserPin()
    {
        var pin = Assert.IsType<PinObject>(Assert.Single(Directory(DirectoryKind.AuthObjects, "3F0050154401")));
        Assert.Equal("User PIN", pin.Label);
        Assert.Equal(ObjectFlags.Private | ObjectFlags.Modifiable, pin.Common.Flags);
        Assert.Equal(Pkcs15Id.Parse("FF"), pin.AuthId);
        Assert.Null(pin.Common.AuthId);
        var a = pin.Attributes;
        Assert.Equal(PinFlags.CaseSensitive | PinFlags.Initialized | PinFlags.NeedsPadding, a.Flags);
        Assert.Equal(0x31u, (uint)a.Flags);
        Assert.Equal(PinType.AsciiNumeric, a.Type);
        Assert.Equal(4, a.MinLength);
        Assert.Equal(16, a.StoredLength);
        Assert.Equal(16, a.MaxLength);
        Assert.Equal(1, a.Reference);
        Assert.Equal((byte)0x00, a.PadChar);
        Assert.Null(a.Path);
        Assert.Null(a.LastPinChange);
    }

    [Fact]
    public void PrkdfHoldsRsa2048AndEcP256OnCardKeys()
    {
        var keys = Directory(DirectoryKind.PrivateKeys, "3F0050154402").Cast<PrivateKeyObject>().ToList();
        Assert.Equal(2, keys.Count);

        var rsa = keys[0];
        Assert.Equal(KeyAlgorithm.Rsa, rsa.Algorithm);
        Assert.Equal("Certificate", rsa.Label);
        Assert.Equal(ObjectFlags.Private | ObjectFlags.Modifiable, rsa.Common.Flags);
        Assert.Equal(Pkcs15Id.Parse("FF"), rsa.Common.AuthId);
        Assert.Equal(Pkcs15Id.Parse("01"), rsa.Key.Id);
        Assert.Equal(KeyUsageFlags.Decrypt | KeyUsageFlags.Sign | KeyUsageFlags.SignRecover | KeyUsageFlags.Unwrap, rsa.Key.Usage);
        Assert.Equal(0x2Eu, (uint)rsa.Key.Usage);
        Assert.Equal(KeyAccessFlags.Sensitive | KeyAccessFlags.AlwaysSensitive | KeyAccessFlags.NeverExtractable | KeyAccessFlags.Local, rsa.Key.AccessFlags);
        Assert.Equal(0, rsa.Key.KeyReference);
        Assert.Null(rsa.Key.Native);
        Assert.True(rsa.Key.IsNative);
        Assert.Equal("3F005015", rsa.Value.Path?.Hex);
        Assert.Equal(2048, rsa.ModulusLength);
        Assert.Equal(2048, rsa.KeySizeBits);
        Assert.Equal("301C311A301806035504030C1169736F6170706C65742D72736132303438", rsa.PrivateKey?.SubjectName?.ToString());

        var ec = keys[1];
        Assert.Equal(KeyAlgorithm.Ec, ec.Algorithm);
        Assert.Equal("ecp256", ec.Label);
        Assert.Equal(Pkcs15Id.Parse("03"), ec.Key.Id);
        Assert.Equal(KeyUsageFlags.Sign | KeyUsageFlags.SignRecover, ec.Key.Usage);
        Assert.Equal(1, ec.Key.KeyReference);
        Assert.Equal(256, ec.FieldLength);
        Assert.Null(ec.ModulusLength);
        Assert.Null(ec.PrivateKey);
        Assert.Equal("3F005015", ec.Value.Path?.Hex);
    }

    [Fact]
    public void PukdfPointsToThePublicKeyFiles()
    {
        var keys = Directory(DirectoryKind.PublicKeys, "3F0050154403").Cast<PublicKeyObject>().ToList();
        Assert.Equal(2, keys.Count);

        var rsa = keys[0];
        Assert.Equal(KeyAlgorithm.Rsa, rsa.Algorithm);
        Assert.Equal("rsa2048", rsa.Label);
        Assert.Equal(ObjectFlags.Modifiable, rsa.Common.Flags);
        Assert.Equal(0xD1u, (uint)rsa.Key.Usage);
        Assert.False(rsa.Key.Native);
        Assert.Null(rsa.Key.AccessFlags);
        Assert.Equal(0, rsa.Key.KeyReference);
        Assert.Equal("3F0050153300", rsa.Value.Path?.Hex);
        Assert.Equal(2048, rsa.ModulusLength);

        var ec = keys[1];
        Assert.Equal(KeyAlgorithm.Ec, ec.Algorithm);
        Assert.Equal("ecp256", ec.Label);
        Assert.Equal(KeyUsageFlags.Verify | KeyUsageFlags.VerifyRecover, ec.Key.Usage);
        Assert.Equal(Pkcs15Id.Parse("03"), ec.Key.Id);
        Assert.Equal("3F0050153301", ec.Value.Path?.Hex);
        Assert.Null(ec.ModulusLength);
        Assert.Null(ec.KeyInfo);
    }

    [Fact]
    public void CdfPointsToTheCertificateFile()
    {
        var cert = Assert.IsType<CertificateObject>(Assert.Single(Directory(DirectoryKind.Certificates, "3F0050154404")));
        Assert.Equal("Certificate", cert.Label);
        Assert.Equal(ObjectFlags.Modifiable, cert.Common.Flags);
        Assert.Equal(Pkcs15Id.Parse("01"), cert.Id);
        Assert.Null(cert.Authority);
        Assert.False(cert.IsAuthority);
        Assert.Equal("3F0050153400", cert.Value.Path?.Hex);
    }

    [Fact]
    public void DirectoryFilesReportWhereThePaddingStarts()
    {
        // RSA entry 30 58 (90 bytes) + EC entry A0 31 (51 bytes); the fixture's "140 used" counts trailing zeros off.
        Pkcs15Codec.DecodeDirectory(DirectoryKind.PrivateKeys, Fixture["3F0050154402"], null, out var used);
        Assert.Equal(141, used);
    }

    public static TheoryData<string, string> RewritableFiles() => new()
    {
        { "3F002F00", "EF.DIR" },
        { "3F0050155031", "ODF" },
        { "3F0050155032", "TokenInfo" },
        { "3F0050154401", "AODF" },
        { "3F0050154402", "PrKDF" },
        { "3F0050154403", "PuKDF" },
        { "3F0050154404", "CDF" },
    };

    [Theory]
    [MemberData(nameof(RewritableFiles))]
    public void EncodingTheDecodedFileGivesBackOpenScBytes(string path, string kind)
    {
        var original = Fixture[path];
        byte[] encoded = kind switch
        {
            "EF.DIR" => Pkcs15Codec.EncodeEfDir(Pkcs15Codec.DecodeEfDir(original)),
            "ODF" => Pkcs15Codec.EncodeOdf(Pkcs15Codec.DecodeOdf(original)),
            "TokenInfo" => Pkcs15Codec.EncodeTokenInfo(Pkcs15Codec.DecodeTokenInfo(original)),
            "AODF" => Pkcs15Codec.EncodeDirectory(Pkcs15Codec.DecodeDirectory(DirectoryKind.AuthObjects, original)),
            "PrKDF" => Pkcs15Codec.EncodeDirectory(Pkcs15Codec.DecodeDirectory(DirectoryKind.PrivateKeys, original)),
            "PuKDF" => Pkcs15Codec.EncodeDirectory(Pkcs15Codec.DecodeDirectory(DirectoryKind.PublicKeys, original)),
            _ => Pkcs15Codec.EncodeDirectory(Pkcs15Codec.DecodeDirectory(DirectoryKind.Certificates, original)),
        };
        Assert.Equal(IsoAppletFixture.Hex(original.AsSpan(0, encoded.Length)), IsoAppletFixture.Hex(encoded));
        Assert.Equal(original, Pkcs15Codec.PadToFileSize(encoded, original.Length));
    }

    [Fact]
    public void EachObjectReEncodesToItsOwnBytes()
    {
        var file = Fixture["3F0050154402"];
        var objects = Pkcs15Codec.DecodeDirectory(DirectoryKind.PrivateKeys, file, null, out var used);
        var concatenated = objects.SelectMany(Pkcs15Codec.EncodeObject).ToArray();
        Assert.Equal(file[..used], concatenated);
    }

    [Fact]
    public void DecodedModelsCompareByValue()
    {
        var a = Pkcs15Codec.DecodeDirectory(DirectoryKind.PrivateKeys, Fixture["3F0050154402"]);
        var b = Pkcs15Codec.DecodeDirectory(DirectoryKind.PrivateKeys, Fixture["3F0050154402"]);
        Assert.Equal(a, b);
        var changed = ((PrivateKeyObject)b[0]) with { Key = ((PrivateKeyObject)b[0]).Key with { KeyReference = 5 } };
        Assert.NotEqual(a[0], changed);
    }
}
