using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests;

public class KeyOperationTests
{
    private static readonly byte[] Message = "IsoApplet emulator test message"u8.ToArray();

    private static byte[] DigestInfoSha256(byte[] message) =>
        [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. SHA256.HashData(message)];

    /// <summary>Imports the test RSA key into a slot (v1: one extended APDU, v0: CLA 10 chain).</summary>
    private static CardPublicKey ImportRsa(CardSession s, int slot)
    {
        s.Ok($"00224100068001F38401{slot:X2}");
        var template = TestKeys.RsaImportTemplate(TestKeys.Rsa2048);
        if (s.Version == AppletVersion.V0)
            Assert.Equal(0x9000, TestKeys.SendChained(s, 0xDB, 0x3F, 0xFF, template).Sw);
        else
            s.Expect(CardSession.Apdu(0x00, 0xDB, 0x3F, 0xFF, template, extended: true), 0x9000);
        var k = TestKeys.Rsa2048;
        var fields = new List<byte>();
        TestKeys.Tlv(fields, 0x81, k.Modulus!);
        TestKeys.Tlv(fields, 0x82, k.Exponent!);
        return CardPublicKey.Parse([0x7F, 0x49, 0x82, (byte)(fields.Count >> 8), (byte)fields.Count, .. fields]);
    }

    private static CardPublicKey GenerateEc(CardSession s, ECCurve curve, int slot)
    {
        s.Ok($"00224100068001EC8401{slot:X2}");
        var parameters = TestKeys.CurveTemplate(curve, out _);
        var data = s.Version == AppletVersion.V0
            ? Assemble(s, TestKeys.SendChained(s, 0x46, 0x00, 0x00, parameters, 256))
            : s.Expect(CardSession.Apdu(0x00, 0x46, 0x00, 0x00, parameters, 65536), 0x9000);
        var key = CardPublicKey.Parse(data);
        foreach (var tag in new byte[] { 0x81, 0x82, 0x83, 0x85 })
            Assert.True(key.Fields[tag].Length == key.Fields[0x81].Length, $"tag {tag:X2} not padded to the field length");
        Assert.Equal("0001", Hex.Format(key.Fields[0x87]));
        return key;
    }

    // v0: the first 256 bytes come with 61xx, GET RESPONSE fetches the rest.
    private static byte[] Assemble(CardSession s, (byte[] Data, ushort Sw) first)
    {
        var all = new List<byte>(first.Data);
        var sw = first.Sw;
        while (sw >> 8 == 0x61)
        {
            var (more, next) = s.Send($"00C00000{sw & 0xFF:X2}");
            all.AddRange(more);
            sw = next;
        }
        Assert.Equal(0x9000, sw);
        return [.. all];
    }

    public static TheoryData<string> Curves => new()
    {
        "prime192v1", "secp224r1", "nistP256", "nistP384", "nistP521",
        "brainpoolP192r1", "brainpoolP224r1", "brainpoolP256r1", "brainpoolP320r1", "brainpoolP384r1", "brainpoolP512r1",
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void GenerateEc_OnEachSupportedFieldSize_SignsVerifiably(string curveName)
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        var key = GenerateEc(s, ECCurve.CreateFromFriendlyName(curveName), 2);
        var hash = SHA256.HashData(Message);
        s.Ok("002241B606800121840102");
        var signature = s.Expect(CardSession.Apdu(0x00, 0x2A, 0x9E, 0x9A, hash, 256), 0x9000);
        Assert.True(key.VerifyEcdsa(hash, signature));
    }

    [Fact]
    public void GenerateEc_V0_ChainsTheParameters_AndSignsSha1OfTheMessage()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        var key = GenerateEc(s, ECCurve.NamedCurves.nistP384, 1);
        s.Ok("002241B606800121840101");
        var message = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var (signature, sw) = TestKeys.SendChained(s, 0x2A, 0x9E, 0x9A, message, 256);
        Assert.Equal(0x9000, sw);
        Assert.True(key.VerifyEcdsa(SHA1.HashData(message), signature));
    }

    [Fact]
    public void GenerateEc_RefusesUnsupportedOrInvalidCurves()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Ok("00224100068001EC840101");
        var p256 = TestKeys.CurveTemplate(ECCurve.NamedCurves.nistP256, out _);
        var twentyByte = new List<byte>();
        TestKeys.Tlv(twentyByte, 0x81, new byte[20]);
        s.Expect(CardSession.Apdu(0, 0x46, 0, 0, [.. twentyByte, .. p256[34..]], 256), 0x6A81);
        s.Expect(CardSession.Apdu(0, 0x46, 0, 0, p256[..^4], 256), 0x6984);           // no cofactor
        s.Expect(CardSession.Apdu(0, 0x46, 0, 0, p256[34..], 256), 0x6984);            // no prime
        var badPoint = (byte[])p256.Clone();
        badPoint[110] ^= 0x01;                                                         // G off the curve
        s.Expect(CardSession.Apdu(0, 0x46, 0, 0, badPoint, 256), 0x6984);
        s.Expect(CardSession.Apdu(0, 0x46, 0x42, 0, p256, 256), 0x6A86);
    }

    [Fact]
    public void GenerateRsa_V0_SendsThePublicKeyIn256BytePieces()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        s.Ok("00224100068001F3840100");
        var (first, sw) = s.Send("0046420000");
        Assert.Equal(0x610E, sw);
        Assert.Equal(256, first.Length);
        Assert.Equal("7F4982010981820100", Hex.Format(first[..9]));
        s.Expect("00A4000C023F00", 0x6900);   // a GET RESPONSE is expected
        s.Expect("00C0000000", 0x6C0E);
        var rest = s.Ok("00C000000E");
        Assert.EndsWith("8203010001", Hex.Format(rest));
        s.Expect("00C000000E", 0x6985);       // nothing left
        var key = CardPublicKey.Parse([.. first, .. rest]);
        s.Ok("002241B606800111840100");
        var digestInfo = DigestInfoSha256(Message);
        Assert.True(key.VerifyPkcs1(digestInfo, s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, digestInfo, 256).AsHex())));
    }

    [Fact]
    public void GenerateRsa4096_V1_ReturnsA512ByteModulus_AndSignsWithExtendedLe()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        s.Ok("00224100068001F5840103");
        var template = s.Ok("00464200000000");
        Assert.Equal("7F4982020981820200", Hex.Format(template[..9]));
        var key = CardPublicKey.Parse(template);
        Assert.Equal(512, key.Fields[0x81].Length);
        s.Ok("002241B606800111840103");
        var digestInfo = DigestInfoSha256(Message);
        s.Expect(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, digestInfo, 256), 0x6C00);
        var signature = s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, digestInfo, 65536, extended: true).AsHex());
        Assert.True(key.VerifyPkcs1(digestInfo, signature));
        var plaintext = RandomNumberGenerator.GetBytes(32);
        s.Ok("002241B806800111840103");
        var answer = s.Ok(CardSession.Apdu(0, 0x2A, 0x80, 0x86, [0x00, .. key.EncryptPkcs1(plaintext)], 65536).AsHex());
        Assert.Equal(plaintext, answer);
    }

    [Theory]
    [InlineData(AppletVersion.V0)]
    [InlineData(AppletVersion.V1)]
    public void ImportedRsaKey_SignsAndDeciphers(AppletVersion v)
    {
        var s = new CardSession(v).Personalised();
        var key = ImportRsa(s, 4);
        s.Ok("002241B606800111840104");
        var digestInfo = DigestInfoSha256(Message);
        Assert.True(key.VerifyPkcs1(digestInfo, s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, digestInfo, 256).AsHex())));
        s.Expect(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, digestInfo).AsHex(), 0x6C00);
        s.Expect(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[248], 256).AsHex(), 0x6700);
        s.Expect(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[246], 256).AsHex(), 0x6F00); // longer than PKCS#1 allows

        s.Ok("002241B806800111840104");
        var plaintext = RandomNumberGenerator.GetBytes(48);
        byte[] command = [0x00, .. key.EncryptPkcs1(plaintext)];
        var answer = v == AppletVersion.V0
            ? TestKeys.SendChained(s, 0x2A, 0x80, 0x86, command, 256)
            : s.Send(CardSession.Apdu(0, 0x2A, 0x80, 0x86, command, 256));
        Assert.Equal(0x9000, answer.Sw);
        Assert.Equal(plaintext, answer.Data);
        command[0] = 0x01;
        Assert.Equal(0x6A80, v == AppletVersion.V0 ? TestKeys.SendChained(s, 0x2A, 0x80, 0x86, command, 256).Sw : s.Send(CardSession.Apdu(0, 0x2A, 0x80, 0x86, command, 256)).Sw);
        command[0] = 0x00;
        command[1] ^= 0xFF; // garbage ciphertext: the padding check fails
        Assert.Equal(0x6A80, v == AppletVersion.V0 ? TestKeys.SendChained(s, 0x2A, 0x80, 0x86, command, 256).Sw : s.Send(CardSession.Apdu(0, 0x2A, 0x80, 0x86, command, 256)).Sw);
        s.Expect(CardSession.Apdu(0, 0x2A, 0x80, 0x86, [0x00, 1, 2, 3], 256).AsHex(), 0x6700);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(28)]
    [InlineData(32)]
    [InlineData(48)]
    [InlineData(64)]
    public void RsaPss_V1_TheHashLengthSelectsTheHash(int hashLength)
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        var key = ImportRsa(s, 0);
        s.Ok("002241B606800112840100");
        var hash = RandomNumberGenerator.GetBytes(hashLength);
        var signature = s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, hash, 256).AsHex());
        if (hashLength == 28)
        {
            // .NET has no SHA-224 signatures: check with BouncyCastle's PSS verifier.
            var verifier = PssSigner.CreateRawSigner(new RsaEngine(), new Sha224Digest());
            var k = TestKeys.Rsa2048;
            verifier.Init(false, new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, k.Modulus!), new Org.BouncyCastle.Math.BigInteger(1, k.Exponent!)));
            verifier.BlockUpdate(hash, 0, hash.Length);
            Assert.True(verifier.VerifySignature(signature));
        }
        else
        {
            Assert.True(key.VerifyPss(hash, signature));
        }
        s.Expect(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[33], 256).AsHex(), 0x6700);
    }

    [Fact]
    public void RsaPss_IsNotOfferedByV0()
    {
        var s = new CardSession(AppletVersion.V0).Personalised();
        ImportRsa(s, 0);
        s.Expect("002241B606800112840100", 0x6A81);
        s.Expect("00224100068001F5840100", 0x6A81);
    }

    [Fact]
    public void ImportedEcKey_Signs()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        using var host = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        var parameters = host.ExportParameters(true);
        var inner = new List<byte>(TestKeys.CurveTemplate(ECCurve.NamedCurves.brainpoolP256r1, out _));
        TestKeys.Tlv(inner, 0x88, parameters.D!);
        var template = new List<byte> { 0xE0 };
        template.AddRange(inner.Count < 128 ? [(byte)inner.Count] : inner.Count < 256 ? [0x81, (byte)inner.Count] : [0x82, (byte)(inner.Count >> 8), (byte)inner.Count]);
        template.AddRange(inner);
        s.Ok("00224100068001EC840107");
        s.Ok(CardSession.Apdu(0, 0xDB, 0x3F, 0xFF, [.. template]).AsHex());
        s.Ok("002241B606800121840107");
        var hash = SHA256.HashData(Message);
        var signature = s.Ok(CardSession.Apdu(0, 0x2A, 0x9E, 0x9A, hash, 256).AsHex());
        Assert.True(host.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void KeyImport_ChecksTemplateAndEnvironment()
    {
        var s = new CardSession(AppletVersion.V1).Personalised();
        var template = TestKeys.RsaImportTemplate(TestKeys.Rsa2048);
        s.Expect(CardSession.Apdu(0, 0xDB, 0x3F, 0xFF, template, extended: true), 0x6985); // no MSE
        s.Ok("00224100068001F3840100");
        s.Expect(CardSession.Apdu(0, 0xDB, 0x3F, 0xFE, template, extended: true), 0x6A86);
        var wrongTag = (byte[])template.Clone();
        wrongTag[1] = 0x49;
        s.Expect(CardSession.Apdu(0, 0xDB, 0x3F, 0xFF, wrongTag, extended: true), 0x6A80);
        s.Expect(CardSession.Apdu(0, 0xDB, 0x3F, 0xFF, template[..^10], extended: true), 0x6984);
        s.Ok(CardSession.SelectApplet);
        s.Expect(CardSession.Apdu(0, 0xDB, 0x3F, 0xFF, template, extended: true), 0x6982);
    }

    [Fact]
    public void GetChallenge_ReturnsLeRandomBytes()
    {
        var s = new CardSession(AppletVersion.V1);
        s.Ok(CardSession.SelectApplet);
        Assert.Single(s.Ok("0084000001"));
        var a = s.Ok("0084000000");
        var b = s.Ok("0084000000");
        Assert.Equal(256, a.Length);
        Assert.NotEqual(a, b);
        Assert.Equal(8, s.Ok("0084000508").Length); // P2 is not checked by the applet
        s.Expect("00840000", 0x6700);
        s.Expect("00840000000101", 0x6700);          // extended Le 257
        s.Expect("0084010008", 0x6A86);
    }

    [Fact]
    public void SecurityOperations_NeedThePinAndAnEnvironment()
    {
        var s = new CardSession(AppletVersion.V1);
        s.Ok(CardSession.SelectApplet);
        s.Expect("002241B606800111840100", 0x6982); // no PIN exists yet, none verified
        s.Ok("0024010106" + CardSession.Pin);
        s.Verify();
        s.Expect("002A9E9A0100", 0x6985);
        s.Expect("002A808603000102", 0x6A81);
        s.Expect("002A9E9B0100", 0x6A86);
        s.Expect("0046420000", 0x6985);
        s.Expect("002241B603800111", 0x6984);
        s.Expect("002281B606800111840100", 0x6A81);
    }
}

internal static class ApduExtensions
{
    public static string AsHex(this byte[] apdu) => Hex.Format(apdu);
}
