using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Tests;

/// <summary>Encodings the IsoApplet card does not carry: data objects, direct values, extensions, other cards' quirks.</summary>
public class CodecTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void EfDirReadsPaddedRecordsAndTheDdo()
    {
        // Two records padded with FF, the second with a DDO naming ODF and TokenInfo (PKCS#15 v1.1 §5.4.1).
        var data = Hex("610A 4F08A000000001020304 FFFF 6124 4F0CA000000063504B43532D3135 5104 3F005015 730E 3004 04025031 A004 04025032 0000");
        var dir = Pkcs15Codec.DecodeEfDir(data);
        Assert.Equal(2, dir.Applications.Count);
        var app = dir.FindApplication(EfDir.Pkcs15Aid)!;
        Assert.Equal("5031", app.Ddo?.OdfPath?.Hex);
        Assert.Equal("5032", app.Ddo?.TokenInfoPath?.Hex);
        Assert.Equal(dir, Pkcs15Codec.DecodeEfDir(Pkcs15Codec.EncodeEfDir(dir)));
    }

    [Fact]
    public void EfDirKeepsUnknownDataObjects()
    {
        var data = Hex("610B 50024142 4F03A00000 5200 7F2000");
        var dir = Pkcs15Codec.DecodeEfDir(data);
        var app = Assert.Single(dir.Applications);
        Assert.Equal("AB", app.Label);
        Assert.Equal(["5200"], app.Extensions.Select(e => e.ToString()));
        Assert.Equal(["7F2000"], dir.OtherRecords.Select(e => e.ToString()));
    }

    [Fact]
    public void EfDirTemplateWithoutAidIsRejected()
    {
        var e = Assert.Throws<Pkcs15FormatException>(() => Pkcs15Codec.DecodeEfDir(Hex("6104 50024142")));
        Assert.Equal("EF.DIR at offset 0x00: application template has no application identifier (4F)", e.Message);
    }

    [Fact]
    public void OdfKeepsRecordsThatAreNotPlainPaths()
    {
        var data = Hex("A7 0A 30 08 04 06 3F0050154405 A3 05 A0 03 02 01 01 00 00");
        var odf = Pkcs15Codec.DecodeOdf(data);
        Assert.Equal(DirectoryKind.DataObjects, odf.Entries[0].Kind);
        Assert.Equal(DirectoryKind.SecretKeys, odf.Entries[1].Kind);
        Assert.Null(odf.Entries[1].Path);
        Assert.Equal("A305A003020101", odf.Entries[1].Unparsed.ToString());
        Assert.Equal(data.AsSpan(0, 19).ToArray(), Pkcs15Codec.EncodeOdf(odf));
    }

    [Fact]
    public void OdfRejectsNonContextRecords() =>
        Assert.Contains("expected an ODF record", Assert.Throws<Pkcs15FormatException>(() => Pkcs15Codec.DecodeOdf(Hex("3000"))).Message, StringComparison.Ordinal);

    [Fact]
    public void TokenInfoReadsEveryField()
    {
        var info = new TokenInfo
        {
            SerialNumber = ByteString.FromHex("0123456789"),
            ManufacturerId = "SharpSC",
            Label = "card",
            Flags = TokenFlags.LoginRequired | TokenFlags.PrnGeneration,
            SecurityEnvironments = [new SecurityEnvironmentInfo { Se = 1, Owner = "1.2.3", Aid = ByteString.FromHex("A000") }],
            RecordInfo = RawElement.Parse(Hex("A1038001FF")),
            SupportedAlgorithms =
            [
                new AlgorithmInfo
                {
                    Reference = 1, Mechanism = 0x1041, Parameters = RawElement.Parse(Hex("06082A8648CE3D030107")),
                    Operations = AlgorithmOperations.ComputeSignature, AlgorithmId = "1.2.840.10045.2.1", AlgorithmReference = 0x21,
                },
            ],
            IssuerId = "issuer",
            HolderId = "holder",
            LastUpdate = LastUpdate.FromTime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            PreferredLanguage = "en",
            ProfileIndication = RawElement.Parse(Hex("A6070C0570726F6631")),
            Extensions = [RawElement.Parse(Hex("9F2000"))],
        };
        var decoded = Pkcs15Codec.DecodeTokenInfo(Pkcs15Codec.EncodeTokenInfo(info));
        Assert.Equal(info, decoded);
        Assert.Equal("20260102030405Z", decoded.LastUpdate?.Time);
        Assert.Equal("prof1", decoded.ProfileName);
    }

    [Fact]
    public void TokenInfoAcceptsTheExplicitlyTaggedTaiwaneseLabel()
    {
        var info = Pkcs15Codec.DecodeTokenInfo(Hex("300E 020100 A0060C0454455354 030100"));
        Assert.Equal("TEST", info.Label);
        Assert.Equal("300C0201008004544553540301", Convert.ToHexString(Pkcs15Codec.EncodeTokenInfo(info))[..26]);
    }

    [Fact]
    public void TokenInfoAllowsTrailingPaddingButNotGarbage()
    {
        Assert.Equal(0, Pkcs15Codec.DecodeTokenInfo(Hex("3003020100 0000FF")).Version);
        var e = Assert.Throws<Pkcs15FormatException>(() => Pkcs15Codec.DecodeTokenInfo(Hex("3003020100 0500")));
        Assert.Equal("EF(TokenInfo) at offset 0x05: unexpected 0x05 after TokenInfo", e.Message);
    }

    [Fact]
    public void DataObjectsDecodeWithApplicationNameOidAndValue()
    {
        var data = new DataObject
        {
            Common = new CommonObjectAttributes { Label = "cfg", Flags = ObjectFlags.Modifiable },
            ApplicationName = "app",
            ApplicationOid = "1.3.6.1.4.1.99",
            Value = ObjectValue.FromPath(Pkcs15Path.Parse("3F0050153500")),
        };
        var bytes = Pkcs15Codec.EncodeObject(data);
        Assert.Equal(data, Assert.Single(Pkcs15Codec.DecodeDirectory(DirectoryKind.DataObjects, bytes)));
        var direct = data with { Value = ObjectValue.FromDirect(ByteString.FromHex("CAFE"), constructed: false) };
        Assert.EndsWith("A10480 02CAFE".Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(Pkcs15Codec.EncodeObject(direct)), StringComparison.Ordinal);
    }

    [Fact]
    public void PublicKeyDirectValueKeepsOpenScExplicitWrapping()
    {
        var key = new PublicKeyObject
        {
            Common = new CommonObjectAttributes { Label = "direct" },
            Algorithm = KeyAlgorithm.Rsa,
            Key = new CommonKeyAttributes { Id = Pkcs15Id.FromByte(7), Usage = KeyUsageFlags.Verify },
            Value = ObjectValue.FromDirect(ByteString.FromHex("3006020101020103")),
            ModulusLength = 1024,
        };
        var encoded = Convert.ToHexString(Pkcs15Codec.EncodeObject(key));
        Assert.Contains("A110300EA0083006020101020103020204", encoded, StringComparison.Ordinal);
        Assert.Equal(key, Assert.Single(Pkcs15Codec.DecodeDirectory(DirectoryKind.PublicKeys, Hex(encoded))));
    }

    [Fact]
    public void UnknownEntriesAndExtensionsSurviveARewrite()
    {
        // An AODF with an authKey ([1]) entry, then a PIN carrying an unknown field in PinAttributes and after typeAttributes.
        var pin = new PinObject
        {
            Common = new CommonObjectAttributes { Label = "PIN", Extensions = [RawElement.Parse(Hex("9F2101AA"))] },
            AuthId = Pkcs15Id.FromByte(1),
            AuthExtensions = [RawElement.Parse(Hex("020102"))],
            Attributes = new PinAttributes
            {
                Flags = PinFlags.Local | PinFlags.Initialized, Type = PinType.Utf8, MinLength = 4, StoredLength = 8,
                Path = Pkcs15Path.Parse("3F005015"), Extensions = [RawElement.Parse(Hex("9F2201BB"))],
            },
            Extensions = [RawElement.Parse(Hex("A2020500"))],
        };
        var authKey = Hex("A10F 3003 0C0141 3003 040102 A103 300100");
        var file = authKey.Concat(Pkcs15Codec.EncodeObject(pin)).Concat(new byte[16]).ToArray();
        var objects = Pkcs15Codec.DecodeDirectory(DirectoryKind.AuthObjects, file);
        var unknown = Assert.IsType<UnknownObject>(objects[0]);
        Assert.Equal("A", unknown.Label);
        Assert.Equal(pin, objects[1]);
        Assert.Equal(file.AsSpan(0, file.Length - 16).ToArray(), Pkcs15Codec.EncodeDirectory(objects));
    }

    [Fact]
    public void AccessControlRulesDecodeAlwaysAuthIdAndOtherConditions()
    {
        var common = new CommonObjectAttributes
        {
            AccessControlRules =
            [
                new AccessControlRule { Modes = AccessModes.Read, Condition = SecurityCondition.Always },
                new AccessControlRule { Modes = AccessModes.Update | AccessModes.Delete, Condition = SecurityCondition.ForAuthId(Pkcs15Id.FromByte(0xFF)) },
                new AccessControlRule { Modes = AccessModes.Execute, Condition = SecurityCondition.FromOther(RawElement.Parse(Hex("A1053003020101"))) },
            ],
        };
        var cert = new CertificateObject { Common = common, Id = Pkcs15Id.FromByte(1), Value = ObjectValue.FromPath(Pkcs15Path.Parse("3400")) };
        Assert.Equal(cert, Assert.Single(Pkcs15Codec.DecodeDirectory(DirectoryKind.Certificates, Pkcs15Codec.EncodeObject(cert))));
    }

    [Fact]
    public void PathExtendedCarriesAnAid()
    {
        var path = Pkcs15Path.Parse("4401") with { Aid = ByteString.FromHex("A0000000630102") };
        var resolved = path.ResolveAgainst(Pkcs15Path.Parse("3F005015"));
        Assert.Equal("4401", resolved.Hex);
        Assert.Equal("A0000000630102::4401", resolved.ToString());
        var inherited = Pkcs15Path.Parse("4402").ResolveAgainst(path);
        Assert.Equal(path.Aid, inherited.Aid);
    }

    [Fact]
    public void PinWithWrongPadCharLengthIsRejectedAtItsOffset()
    {
        var pin = Hex("301B 3000 3003040101 A112 3010 030100 0A0101 020104 020108 0402 0000");
        var e = Assert.Throws<Pkcs15FormatException>(() => Pkcs15Codec.DecodeDirectory(DirectoryKind.AuthObjects, pin, "AODF 3F0050154401"));
        Assert.Equal("AODF 3F0050154401 at offset 0x19: padChar must be 1 byte, is 2", e.Message);
    }

    [Fact]
    public void EncodingAnRsaKeyWithoutModulusLengthIsAnArgumentError()
    {
        var key = new PrivateKeyObject
        {
            Common = new CommonObjectAttributes(),
            Algorithm = KeyAlgorithm.Rsa,
            Key = new CommonKeyAttributes { Id = Pkcs15Id.FromByte(1) },
            Value = ObjectValue.FromPath(Pkcs15Path.Parse("3F005015")),
        };
        Assert.Throws<ArgumentException>(() => Pkcs15Codec.EncodeObject(key));
        Assert.Throws<ArgumentException>(() => Pkcs15Codec.PadToFileSize(new byte[10], 9));
    }

    [Fact]
    public void GuidMatchesOpenScForTheTokenInfoSerial()
    {
        Assert.Equal("9508e905-48b0-440a-4a61-e5743b76c1e3", Pkcs15Guid.Compute(Pkcs15Id.FromByte(1), ByteString.FromHex("0000")));
        var longSerial = new ByteString(new byte[40]);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", Pkcs15Guid.Compute(Pkcs15Id.FromByte(1), longSerial));
    }
}
