using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Files;

public class FileModelTests
{
    [Fact]
    public void Paths_parse_compare_and_walk_up()
    {
        var path = CardPath.Parse("3F0050154402");
        Assert.True(path.IsAbsolute);
        Assert.Equal(0x4402, path.FileId);
        Assert.Equal(CardPath.Parse("3F005015"), path.Parent);
        Assert.Equal(path, CardPath.MasterFile.Append(0x5015).Append(0x4402));
        Assert.Equal(path.GetHashCode(), CardPath.Parse("3f00 5015 4402").GetHashCode());
        var inApp = CardPath.Parse("A000000063504B43532D3135/5031");
        Assert.True(inApp.HasAid);
        Assert.False(inApp.IsAbsolute);
        Assert.Equal("A000000063504B43532D3135/5031", inApp.ToString());
        Assert.Throws<ArgumentException>(() => CardPath.Parse("3F0050"));
    }

    [Theory]
    [InlineData("6F1581021388820138830250158608FF00000000000090", CardFileType.DedicatedFile, 5000)]
    [InlineData("6F158102010E820101830233008608FF90FFFFFFFF9000", CardFileType.TransparentEf, 270)]
    [InlineData("6F0782013883023F00", CardFileType.DedicatedFile, null)]
    public void Fci_of_the_genuine_applet_gives_type_and_size(string fci, CardFileType type, int? size)
    {
        var info = CardFileInfo.Parse(CardPath.MasterFile, Hex.Decode(fci));
        Assert.Equal(type, info.Type);
        Assert.Equal(size, info.Size);
    }

    [Theory]
    [InlineData("FF90FFFFFFFF9000", AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never)]
    [InlineData("FF90909090909000", AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Pin)]
    [InlineData("FF00000000000000", AccessCondition.Always, AccessCondition.Always, AccessCondition.Always, AccessCondition.Always)]
    public void IsoApplet_acl_bytes_round_trip_the_abstract_rules(string bytes, AccessCondition read, AccessCondition update, AccessCondition delete, AccessCondition other)
    {
        var acl = FileAcl.ForEf(read, update, delete, other);
        Assert.Equal(bytes, Hex.Encode(IsoAppletAcl.Encode(acl)));
        Assert.Equal(acl, IsoAppletAcl.Decode(Hex.Decode(bytes)));
    }

    [Fact]
    public void The_df_acl_of_opensc_profile_is_expressible()
    {
        var acl = FileAcl.ForDf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Always, AccessCondition.Always);
        Assert.Equal("FF00000000000090", Hex.Encode(IsoAppletAcl.Encode(acl)));
        Assert.Null(IsoAppletAcl.Decode(Hex.Decode("7F00000000000090")));
    }

    [Fact]
    public void Ber_tlv_reads_two_byte_tags_and_long_lengths_and_rejects_truncation()
    {
        var elements = BerTlv.Parse(Hex.Decode("7F4982010781820100" + new string('A', 512) + "820103"));
        var template = Assert.Single(elements);
        Assert.Equal(0x7F49, template.Tag);
        Assert.True(template.IsConstructed);
        var inner = BerTlv.Parse(template.Value);
        Assert.Equal(256, inner[0].Value.Length);
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => BerTlv.Parse(Hex.Decode("7F49820200AA"))).Error);
        Assert.Equal(CardError.UnexpectedResponse, Assert.Throws<CardException>(() => BerTlv.Parse(Hex.Decode("5F"))).Error);
    }

    [Fact]
    public void Content_length_stops_at_the_padding_after_complete_objects()
    {
        var odf = V0Files["3F0050155031"];
        Assert.Equal(48, ContentLength.BerTlvObjects(odf));
        Assert.Null(ContentLength.BerTlvObjects(odf.AsMemory(0, 20))); // an object is cut: read on
        Assert.Equal(515, ContentLength.SingleBerTlvObject(V0Files["3F0050153400"].AsMemory(0, 10)));
    }

    [Fact]
    public void Pin_format_pads_checks_length_and_encodes_bcd()
    {
        Assert.Equal("31323334353600000000000000000000", Hex.Encode(IsoAppletDriver.UserPin.Format.Encode("123456"u8)));
        Assert.Equal(CardError.PinLengthInvalid, Assert.Throws<CardException>(() => IsoAppletDriver.UserPin.Format.Encode("1234567890abcdefg"u8)).Error);
        Assert.Equal(CardError.PinLengthInvalid, Assert.Throws<CardException>(() => IsoAppletDriver.Puk.Format.Encode("123456"u8)).Error);
        var bcd = new PinFormat(4, 12, 8, 0xFF, true, PinEncoding.Bcd);
        Assert.Equal("12345FFFFFFFFFFF", Hex.Encode(bcd.Encode("12345"u8)));
    }

    [Fact]
    public void Curve_table_matches_the_platform_and_the_applet_transcript()
    {
        var generate = V0Personalise.Exchanges.First(x => x.Command.StartsWith("00460000CF", StringComparison.Ordinal)).Command;
        var p256 = EcCurves.Secp256r1;
        Assert.Contains(Hex.Encode(p256.P) , generate);
        Assert.Contains(Hex.Encode(p256.G), generate);
        Assert.Contains(Hex.Encode(p256.N), generate);
        Assert.Equal("06082A8648CE3D030107", Hex.Encode(p256.OidDer));
        Assert.Same(p256, EcCurves.FindByName("prime256v1"));
        Assert.Same(EcCurves.Secp384r1, EcCurves.FindByOidDer(Hex.Decode("06052B81040022")));
        foreach (var curve in EcCurves.All)
        {
            using var ec = ECDsa.Create(ECCurve.CreateFromValue(curve.Oid));
            var explicitParameters = ec.ExportExplicitParameters(false).Curve;
            Assert.Equal(Hex.Encode(explicitParameters.Prime!), Hex.Encode(curve.P));
            Assert.Equal(Hex.Encode(explicitParameters.A!), Hex.Encode(curve.A));
            Assert.Equal(Hex.Encode(explicitParameters.B!), Hex.Encode(curve.B));
            Assert.Equal(Hex.Encode([0x04, .. explicitParameters.G.X!, .. explicitParameters.G.Y!]), Hex.Encode(curve.G));
            Assert.Equal(Hex.Encode(explicitParameters.Order!), Hex.Encode(curve.N));
        }
    }

    [Fact]
    public void Ecdsa_signatures_convert_between_der_and_raw()
    {
        var der = Hex.Decode(V0Use.ResponseTo("002A9E9A1C" + DataTxt + "00")[..^4]);
        var raw = EcdsaSignature.DerToRaw(der, 32);
        Assert.Equal(64, raw.Length);
        Assert.Equal(Hex.Encode(V0Files["3F0050153301"].AsSpan(27, 32)), Hex.Encode(raw.AsSpan(0, 32))); // simulator: r = public X
        Assert.Equal(Hex.Encode(der), Hex.Encode(EcdsaSignature.RawToDer(raw)));
    }
}
