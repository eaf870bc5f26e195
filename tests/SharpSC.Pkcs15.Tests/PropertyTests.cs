using System.Numerics;
using CsCheck;
using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Tests;

/// <summary>CsCheck properties: DER values and generated PKCS#15 models survive encode then decode unchanged.</summary>
public class PropertyTests
{
    private static byte[] Write(Action<DerWriter> write)
    {
        var writer = new DerWriter();
        write(writer);
        return writer.ToArray();
    }

    [Fact]
    public void IntegersRoundTripMinimally() =>
        Gen.Byte.Array[1, 40].Select(b => new BigInteger(b, isUnsigned: false, isBigEndian: true)).Sample(value =>
        {
            var encoded = Write(w => w.WriteInteger(value));
            Assert.Equal(value, new DerReader(encoded).ReadInteger());
            var content = encoded.AsSpan(encoded.Length - (int)value.GetByteCount());
            Assert.True(content.Length == 1 || !(content[0] == 0x00 && content[1] < 0x80) && !(content[0] == 0xFF && content[1] >= 0x80));
        });

    [Fact]
    public void NamedBitsRoundTripWithoutTrailingZeros() =>
        Gen.UInt.Sample(flags =>
        {
            var encoded = Write(w => w.WriteNamedBits(flags));
            Assert.Equal(flags, new DerReader(encoded).ReadNamedBits());
            if (flags != 0)
            {
                var unused = encoded[2];
                Assert.NotEqual(0, encoded[^1] & (1 << unused));
            }
        });

    [Fact]
    public void OctetStringsOfAnyLengthRoundTrip() =>
        Gen.Int[0, 70000].Select(n => new byte[n]).Sample(bytes =>
        {
            bytes.AsSpan().Fill(0xA5);
            Assert.Equal(bytes, new DerReader(Write(w => w.WriteOctetString(bytes))).ReadOctetString());
        }, iter: 60);

    [Fact]
    public void ObjectIdentifiersRoundTrip() =>
        ModelGenerators.Oid.Sample(oid => Assert.Equal(oid, new DerReader(Write(w => w.WriteObjectIdentifier(oid))).ReadObjectIdentifier()));

    [Fact]
    public void LabelsRoundTripInEveryStringType() =>
        ModelGenerators.Text.Sample(text =>
        {
            Assert.Equal(text, new DerReader(Write(w => w.WriteUtf8String(text))).ReadString());
            Assert.Equal(text, new DerReader(Write(w => w.WriteString(text, Asn1Tag.BmpString))).ReadString());
        });

    [Fact]
    public void PrivateKeysRoundTrip() =>
        ModelGenerators.PrivateKey.Sample(key => Assert.Equal<Pkcs15Object>(key, RoundTrip(DirectoryKind.PrivateKeys, key)));

    [Fact]
    public void PublicKeysRoundTrip() =>
        ModelGenerators.PublicKey.Sample(key => Assert.Equal<Pkcs15Object>(key, RoundTrip(DirectoryKind.TrustedPublicKeys, key)));

    [Fact]
    public void CertificatesRoundTrip() =>
        ModelGenerators.Certificate.Sample(cert => Assert.Equal<Pkcs15Object>(cert, RoundTrip(DirectoryKind.Certificates, cert)));

    [Fact]
    public void DataObjectsRoundTrip() =>
        ModelGenerators.Data.Sample(data => Assert.Equal<Pkcs15Object>(data, RoundTrip(DirectoryKind.DataObjects, data)));

    [Fact]
    public void PinsRoundTrip() =>
        ModelGenerators.Pin.Sample(pin => Assert.Equal<Pkcs15Object>(pin, RoundTrip(DirectoryKind.AuthObjects, pin)));

    [Fact]
    public void DirectoryFilesRoundTripThroughPadding() =>
        Gen.Select(ModelGenerators.PrivateKey.Array[0, 4], Gen.Int[0, 64], Gen.Bool).Sample((keys, padding, ff) =>
        {
            var encoded = Pkcs15Codec.EncodeDirectory(keys);
            var padded = encoded.Concat(Enumerable.Repeat(ff ? (byte)0xFF : (byte)0x00, padding)).ToArray();
            var decoded = Pkcs15Codec.DecodeDirectory(DirectoryKind.PrivateKeys, padded, null, out var used);
            Assert.Equal(encoded.Length, used);
            Assert.Equal(ValueList.Create<Pkcs15Object>(keys), decoded);
        });

    [Fact]
    public void TokenInfoRoundTrips() =>
        ModelGenerators.TokenInfo.Sample(info => Assert.Equal(info, Pkcs15Codec.DecodeTokenInfo(Pkcs15Codec.EncodeTokenInfo(info))));

    [Fact]
    public void OdfRoundTrips() =>
        Gen.Select(Gen.Int[0, 8].Select(i => (DirectoryKind)i), ModelGenerators.Path, (kind, path) => new OdfEntry(kind, path)).Array[0, 9].Sample(entries =>
        {
            var odf = new Odf { Entries = ValueList.Create<OdfEntry>(entries) };
            Assert.Equal(odf, Pkcs15Codec.DecodeOdf(Pkcs15Codec.EncodeOdf(odf)));
        });

    [Fact]
    public void EfDirRoundTrips() =>
        Gen.Select(ModelGenerators.Bytes, ModelGenerators.Text.Null(0.3), ModelGenerators.Bytes.Nullable(0.3), ModelGenerators.Path.Null(0.5),
            (aid, label, path, odfPath) => new ApplicationTemplate
            {
                Aid = aid, Label = label, Path = path,
                Ddo = odfPath is null ? null : new ApplicationDdo { Oid = "1.2.840.113549.1.15.3.1", OdfPath = odfPath, TokenInfoPath = odfPath },
            }).Array[0, 3].Sample(apps =>
        {
            var dir = new EfDir { Applications = ValueList.Create<ApplicationTemplate>(apps) };
            Assert.Equal(dir, Pkcs15Codec.DecodeEfDir(Pkcs15Codec.EncodeEfDir(dir)));
        });

    [Fact]
    public void RandomBytesFailOnlyWithFormatException() =>
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            Tolerate(() => Pkcs15Codec.DecodeEfDir(bytes));
            Tolerate(() => Pkcs15Codec.DecodeOdf(bytes));
            Tolerate(() => Pkcs15Codec.DecodeTokenInfo(bytes));
            foreach (var kind in Enum.GetValues<DirectoryKind>())
                Tolerate(() => Pkcs15Codec.DecodeDirectory(kind, bytes));
        }, iter: 3000);

    private static Pkcs15Object RoundTrip(DirectoryKind kind, Pkcs15Object obj) =>
        Assert.Single(Pkcs15Codec.DecodeDirectory(kind, Pkcs15Codec.EncodeObject(obj)));

    private static void Tolerate(Action decode)
    {
        try
        {
            decode();
        }
        catch (Pkcs15FormatException)
        {
        }
    }
}
