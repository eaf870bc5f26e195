using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace SharpSC.VirtualCard.Tests.OpenPgp;

public class OpenPgpKeyTests
{
    private static readonly byte[] Message = "signed by the card"u8.ToArray();

    [Fact]
    public void Rsa_GenerateSignDecipherAuthenticate()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var sig = HostCrypto.Rsa(card.Generate(Attrs.Sig, Attrs.Rsa3072));
        var dec = HostCrypto.Rsa(card.Generate(Attrs.Dec, Attrs.Rsa2048));
        var aut = HostCrypto.Rsa(card.Generate(Attrs.Aut, Attrs.Rsa2048));
        Assert.Equal(3072, sig.Modulus.BitLength);
        Assert.Equal(2048, dec.Modulus.BitLength);
        Assert.Equal(65537, sig.Exponent.IntValue);
        Assert.Equal(HostCrypto.Template(card.ReadPublicKey(Attrs.Sig))[0x81], sig.Modulus.ToByteArrayUnsigned());

        card.VerifyPw1Signature();
        var signature = card.Sign(HostCrypto.DigestInfo(Message));
        Assert.Equal(384, signature.Length);
        Assert.True(HostCrypto.VerifyPkcs1(sig, Message, signature));

        card.VerifyPw1();
        var secret = "a session key of 32 bytes ......"u8.ToArray();
        Assert.Equal(secret, card.Decipher([0x00, .. HostCrypto.EncryptPkcs1(dec, secret)]));
        var challenge = Enumerable.Range(1, 36).Select(i => (byte)i).ToArray();
        Assert.Equal(challenge, HostCrypto.OpenPkcs1Signature(aut, card.Authenticate(challenge)));
    }

    [Fact]
    public void Rsa4096_GeneratesAndSignsThroughGetResponse()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var sig = HostCrypto.Rsa(card.Generate(Attrs.Sig, Attrs.Rsa4096));
        Assert.Equal(4096, sig.Modulus.BitLength);
        card.VerifyPw1Signature();
        var signature = card.Sign(HostCrypto.DigestInfo(Message));
        Assert.Equal(512, signature.Length);
        Assert.True(HostCrypto.VerifyPkcs1(sig, Message, signature));
    }

    [Theory]
    [InlineData("132A8648CE3D030107", "122A8648CE3D030107", "secp256r1", 32)]
    [InlineData("132B81040022", "122B81040022", "secp384r1", 48)]
    [InlineData("132B81040023", "122B81040023", "secp521r1", 66)]
    public void Nist_EcdsaSignaturesAndEcdh(string ecdsa, string ecdh, string curve, int fieldBytes)
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var sig = HostCrypto.Ec(card.Generate(Attrs.Sig, Convert.FromHexString(ecdsa)), curve);
        var dec = HostCrypto.Ec(card.Generate(Attrs.Dec, Convert.FromHexString(ecdh)), curve);
        var aut = HostCrypto.Ec(card.Generate(Attrs.Aut, Convert.FromHexString(ecdsa)), curve);

        card.VerifyPw1Signature();
        var hash = HostCrypto.Sha256(Message);
        var rs = card.Sign(hash);
        Assert.Equal(2 * fieldBytes, rs.Length);
        Assert.True(HostCrypto.VerifyEcdsa(sig, hash, rs));

        card.VerifyPw1();
        Assert.True(HostCrypto.VerifyEcdsa(aut, hash, card.Authenticate(hash)));
        var (ephemeral, shared) = HostCrypto.Ecdh(dec);
        Assert.Equal(shared, card.Decipher(HostCrypto.CipherDo(ephemeral)));
        // A point that is not on the curve, an RSA-style cryptogram, and AES are refused.
        var bad = (byte[])ephemeral.Clone();
        bad[^1] ^= 1;
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x80, 0x86, HostCrypto.CipherDo(bad), 256), 0x6A80);
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x80, 0x86, [0x00, .. ephemeral], 256), 0x6A80);
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x80, 0x86, [0x02, .. new byte[16]], 256), 0x6A81);
    }

    [Fact]
    public void Ed25519SignatureAndAuthenticationKeys_X25519Decryption()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var sig = HostCrypto.Template(card.Generate(Attrs.Sig, Attrs.Ed25519))[0x86];
        var dec = HostCrypto.Template(card.Generate(Attrs.Dec, Attrs.X25519))[0x86];
        var aut = HostCrypto.Template(card.Generate(Attrs.Aut, Attrs.Ed25519))[0x86];
        Assert.Equal(32, sig.Length);
        Assert.Equal(32, dec.Length);

        card.VerifyPw1Signature();
        Assert.True(HostCrypto.VerifyEd25519(sig, Message, card.Sign(Message)));
        card.VerifyPw1();
        Assert.True(HostCrypto.VerifyEd25519(aut, Message, card.Authenticate(Message)));
        var (ephemeral, shared) = HostCrypto.X25519(dec);
        Assert.Equal(shared, card.Decipher(HostCrypto.CipherDo(ephemeral)));
        // The all-zero public value gives the all-zero secret (RFC 7748 §6.1): refused.
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x80, 0x86, HostCrypto.CipherDo(new byte[32]), 256), 0x6A80);
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x80, 0x86, HostCrypto.CipherDo(new byte[31]), 256), 0x6A80);
    }

    [Fact]
    public void SignaturePolicy_OnePsoCdsPerVerify_CounterCountsAndRestartsWithANewKey()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        card.Generate(Attrs.Sig, Attrs.EcdsaP256);
        var hash = HostCrypto.Sha256(Message);
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x9E, 0x9A, hash, 256), 0x6982);
        card.VerifyPw1();
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x9E, 0x9A, hash, 256), 0x6982);
        card.VerifyPw1Signature();
        card.Sign(hash);
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x9E, 0x9A, hash, 256), 0x6982);
        card.VerifyPw1Signature();
        card.Sign(hash);
        Assert.Equal("9303000002", Convert.ToHexString(card.GetData(0x7A)));

        card.VerifyPw3();
        card.Ok("00DA00C40101");
        card.VerifyPw1Signature();
        card.Sign(hash);
        card.Sign(hash);
        Assert.Equal("9303000004", Convert.ToHexString(card.GetData(0x7A)));
        card.Generate(Attrs.Sig);
        Assert.Equal("9303000000", Convert.ToHexString(card.GetData(0x7A)));
    }

    [Fact]
    public void Operations_WithoutAKey_OrWithTheWrongInput()
    {
        var card = new PgpCard();
        card.Expect("0047810002B60000", 0x6A88);
        card.Expect("0047800002B60000", 0x6982);
        card.VerifyPw1Signature();
        card.VerifyPw1();
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[32], 256), 0x6A88);
        card.Expect(PgpCard.Apdu(0, 0x88, 0x00, 0x00, new byte[32], 256), 0x6A88);
        card.VerifyPw3();
        card.Generate(Attrs.Sig, Attrs.Rsa2048);
        card.VerifyPw1Signature();
        // More than 40 % of the modulus is refused for RSA (§7.2.10).
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[103], 256), 0x6700);
        card.Expect("0047800002B70000", 0x6A80);
        card.Expect("00478000", 0x6A80);
        card.Expect("0047820002B60000", 0x6A86);
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x80, 0x87, [0x00], 256), 0x6A86);
    }

    [Fact]
    public void ManageSecurityEnvironment_SwapsTheKeysOfDecipherAndAuthenticate()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var dec = HostCrypto.Rsa(card.Generate(Attrs.Dec, Attrs.Rsa2048));
        var aut = HostCrypto.Rsa(card.Generate(Attrs.Aut, Attrs.Rsa2048));
        card.VerifyPw1();
        card.Ok("002241B8038301" + "03");
        var secret = "for the authentication key"u8.ToArray();
        Assert.Equal(secret, card.Decipher([0x00, .. HostCrypto.EncryptPkcs1(aut, secret)]));
        card.Ok("002241A4038301" + "02");
        Assert.Equal(secret, HostCrypto.OpenPkcs1Signature(dec, card.Authenticate(secret)));
        card.Expect("002241B6038301" + "01", 0x6A86);
        card.Expect("002241B8038301" + "01", 0x6A80);
        // SELECT restores the usual keys.
        card.Ok(PgpCard.Select);
        card.VerifyPw1();
        Assert.Equal(secret, card.Decipher([0x00, .. HostCrypto.EncryptPkcs1(dec, secret)]));
    }

    [Fact]
    public void GetChallenge_UpToTheAnnouncedLength()
    {
        var card = new PgpCard();
        Assert.Equal(32, card.Ok("0084000020").Length);
        Assert.NotEqual(card.Ok("0084000020"), card.Ok("0084000020"));
        Assert.Equal(1024, card.Ok(PgpCard.Apdu(0, 0x84, 0, 0, ne: 1024, extended: true)).Length);
        card.Expect(PgpCard.Apdu(0, 0x84, 0, 0, ne: 1025, extended: true), 0x6700);
        card.Expect("00840000", 0x6700);
    }

    [Fact]
    public void Import_RsaInEveryFormat_IsTheKeyThatWasSent()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), HostCrypto.Random, 2048, 50));
        var key = (RsaPrivateCrtKeyParameters)generator.GenerateKeyPair().Private;
        var card = new PgpCard();
        card.VerifyPw3();
        foreach (var (format, attributes) in new[] { (0, "010800001100"), (1, "010800001101"), (2, "010800001102"), (3, "0108000020" + "03") })
        {
            card.PutData(0xC1, Convert.FromHexString(attributes));
            var exponentBytes = format == 3 ? 4 : 3;
            var fields = new List<(byte, byte[])>
            {
                (0x91, BigIntegers.AsUnsignedByteArray(exponentBytes, key.PublicExponent)),
                (0x92, key.P.ToByteArrayUnsigned()),
                (0x93, key.Q.ToByteArrayUnsigned()),
            };
            if (format >= 2) fields.AddRange([(0x94, key.QInv.ToByteArrayUnsigned()), (0x95, key.DP.ToByteArrayUnsigned()), (0x96, key.DQ.ToByteArrayUnsigned())]);
            if (format is 1 or 3) fields.Add((0x97, key.Modulus.ToByteArrayUnsigned()));
            card.Ok(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xB6, fields), extended: true));
            Assert.Equal(key.Modulus.ToByteArrayUnsigned(), HostCrypto.Template(card.ReadPublicKey(Attrs.Sig))[0x81]);
        }
        Assert.Equal("010202000300", Convert.ToHexString(card.GetData(0xDE)));
        card.VerifyPw1Signature();
        Assert.True(HostCrypto.VerifyPkcs1(new RsaKeyParameters(false, key.Modulus, key.PublicExponent), Message, card.Sign(HostCrypto.DigestInfo(Message))));

        // Inconsistent material is refused and leaves the key in place.
        var wrongQ = key.Q.Add(BigInteger.Two).ToByteArrayUnsigned();
        card.VerifyPw3();
        card.Expect(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xB6, [(0x91, [1, 0, 1]), (0x92, key.P.ToByteArrayUnsigned()), (0x93, wrongQ)]), extended: true), 0x6A80);
        card.Expect(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xB6, [(0x91, [1, 0, 1]), (0x92, key.P.ToByteArrayUnsigned()), (0x93, key.Q.ToByteArrayUnsigned()), (0x97, new byte[256])]), extended: true), 0x6A80);
        Assert.Equal(key.Modulus.ToByteArrayUnsigned(), HostCrypto.Template(card.ReadPublicKey(Attrs.Sig))[0x81]);
    }

    [Fact]
    public void Import_EcEd25519AndX25519_AsGnuPgSendsThem()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var ec = new ECKeyPairGenerator();
        ec.Init(new ECKeyGenerationParameters(new ECDomainParameters(Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName("secp256r1")), HostCrypto.Random));
        var pair = ec.GenerateKeyPair();
        var d = BigIntegers.AsUnsignedByteArray(32, ((ECPrivateKeyParameters)pair.Private).D);
        var q = ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false);
        card.PutData(0xC3, [.. Attrs.EcdsaP256, 0xFF]);
        card.Ok(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xA4, [(0x92, d), (0x99, q)])));
        Assert.Equal(q, HostCrypto.Template(card.ReadPublicKey(Attrs.Aut))[0x86]);
        q[^1] ^= 1;
        card.Expect(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xA4, [(0x92, d), (0x99, q)])), 0x6A80);

        var ed = new Ed25519PrivateKeyParameters(HostCrypto.Random);
        card.PutData(0xC1, Attrs.Ed25519);
        card.Ok(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xB6, [(0x92, ed.GetEncoded())])));
        Assert.Equal(ed.GeneratePublicKey().GetEncoded(), HostCrypto.Template(card.ReadPublicKey(Attrs.Sig))[0x86]);

        var x = new X25519PrivateKeyParameters(HostCrypto.Random);
        var bigEndian = x.GetEncoded().Reverse().ToArray();
        card.PutData(0xC2, Attrs.X25519);
        card.Ok(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, ImportTemplate(0xB8, [(0x92, bigEndian)])));
        Assert.Equal(x.GeneratePublicKey().GetEncoded(), HostCrypto.Template(card.ReadPublicKey(Attrs.Dec))[0x86]);
        Assert.Equal("010202020302", Convert.ToHexString(card.GetData(0xDE)));
    }

    [Fact]
    public void Import_MalformedTemplatesAreRefused_NeverACrash()
    {
        var card = new PgpCard();
        card.Expect("00DB3FFF0A4D08B6007F48009F4800", 0x6982);
        card.VerifyPw3();
        string[] malformed =
        [
            "4D00",
            "4D03B60000",
            "4D08B6007F48005F4800",
            "4D0AB6007F4802920A5F4800", // template names 10 bytes, none follow
            "4D0CB6007F4802927F5F480101", // length beyond the key data
            "4D0DB6007F4803928101" + "5F480100", // 81 length truncated
            "4D0BC3007F4802920A5F4801FF", // not a CRT
            "4D0BB6007F48028A015F480101", // tag outside 91-99
            "4E00",
            "4D8180",
            "4D",
        ];
        foreach (var hex in malformed)
        {
            var (_, sw) = card.Send(PgpCard.Apdu(0, 0xDB, 0x3F, 0xFF, Convert.FromHexString(hex)));
            Assert.True(sw is 0x6A80 or 0x6700, $"{hex}: {sw:X4}");
        }
        card.Expect("00DB3FFE024D00", 0x6A86);
        card.Expect("0047810002B60000", 0x6A88);
    }

    [Fact]
    public void ChangingTheKeyType_DeletesTheKey_SameTypeKeepsIt()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        card.Generate(Attrs.Aut, Attrs.Rsa2048);
        card.Ok("00DA00C914B9E8882FE7A76D20DCF28A70F2B9A4E37E2B62FB");
        card.PutData(0xC3, Attrs.Rsa2048OpenSc);
        Assert.NotEmpty(card.ReadPublicKey(Attrs.Aut));
        Assert.Equal("010002000301", Convert.ToHexString(card.GetData(0xDE)));
        card.PutData(0xC3, Attrs.EcdsaP256);
        card.Expect("0047810002A40000", 0x6A88);
        Assert.Equal("010002000300", Convert.ToHexString(card.GetData(0xDE)));
        Assert.Equal(new byte[20], card.GetData(0xC5)[40..]);
    }

    /// <summary>The extended header list of §4.4.3.12: 4D { CRT, 7F48 { tags and lengths }, 5F48 { values } }.</summary>
    internal static byte[] ImportTemplate(byte crt, IEnumerable<(byte Tag, byte[] Value)> fields)
    {
        var list = new List<byte>();
        var values = new List<byte>();
        foreach (var (tag, value) in fields)
        {
            list.Add(tag);
            Length(list, value.Length);
            values.AddRange(value);
        }
        var body = new List<byte> { crt, 0x00, 0x7F, 0x48 };
        Length(body, list.Count);
        body.AddRange(list);
        body.AddRange([0x5F, 0x48]);
        Length(body, values.Count);
        body.AddRange(values);
        var outer = new List<byte> { 0x4D };
        Length(outer, body.Count);
        outer.AddRange(body);
        return outer.ToArray();
    }

    private static void Length(List<byte> output, int length)
    {
        if (length < 0x80) output.Add((byte)length);
        else if (length < 0x100) output.AddRange([0x81, (byte)length]);
        else output.AddRange([0x82, (byte)(length >> 8), (byte)length]);
    }
}
