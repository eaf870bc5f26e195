using System.Security.Cryptography;
using SharpSC.VirtualCard.Applets.MyEid;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>
/// Keys in key files: generation (RSA, EC), loading by PUT DATA, signatures, decipher, ECDH, and the errors of
/// MSE / PSO. Every result is checked with .NET's cryptography (OpenSSL), not the emulator's.
/// </summary>
public sealed class MyEidKeyTests
{
    private static readonly byte[] Sha256Prefix = Convert.FromHexString("3031300D060960864801650304020105000420");

    [Theory]
    [InlineData(1024)]
    [InlineData(2048)]
    public void Generated_rsa_keys_sign_and_decipher(int bits)
    {
        var t = PersonalisedWithPin();
        t.CreateKeyFile("4B01", 0x11, bits);
        var modulus = t.Chained(0x46, 0x00, 0x00, Convert.FromHexString("30058103010001"));
        Assert.Equal(bits / 8, modulus.Length);
        t.SelectPath("50154B01");
        Assert.Equal(modulus, t.GetData(0x01));
        Assert.Equal(Convert.FromHexString("010001"), t.GetData(0x02));
        Assert.Equal([0x92, 0x00, 0x00, 0x18, (byte)(bits >> 8), (byte)bits], t.GetData(0x00));
        using var rsa = RSA.Create(new RSAParameters { Modulus = modulus, Exponent = [1, 0, 1] });
        var hash = SHA256.HashData("message"u8);

        t.Expect("002241B60A80010281024B01840100");
        var signature = t.Chained(0x2A, 0x9E, 0x9A, [.. Sha256Prefix, .. hash]);
        Assert.True(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        t.Expect("002241B60A80011281024B01840100"); // the card adds the SHA-1 DigestInfo
        var sha1 = SHA1.HashData("message"u8);
        Assert.True(rsa.VerifyHash(sha1, t.Chained(0x2A, 0x9E, 0x9A, sha1), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));

        t.Expect("002241B60A80010081024B01840100"); // raw: the host pads (here PSS)
        var pss = PssBlock(rsa, hash);
        var key = t.PublicKey("4B01");
        Assert.Equal(pss, key.RawPublic(t.Chained(0x2A, 0x9E, 0x9A, pss)));

        t.Expect("002241B80A80010281024B01840100");
        var secret = RandomNumberGenerator.GetBytes(20);
        Assert.Equal(secret, t.Chained(0x2A, 0x80, 0x86, [0x00, .. rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1)]));
        t.Expect("002241B80A80010081024B01840100");
        var block = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA256);
        var raw = t.Chained(0x2A, 0x80, 0x86, [0x00, .. block]);
        Assert.Equal(bits / 8, raw.Length);
        Assert.Equal(block, key.RawPublic(raw));
    }

    [Fact]
    public void A_4096_bit_key_is_generated_and_used_through_chaining_and_get_response()
    {
        var t = PersonalisedWithPin();
        t.CreateKeyFile("4B01", 0x11, 4096);
        t.Expect("004600000730058103010001"); // no Le: no data
        t.SelectPath("50154B01");
        var modulus = t.GetData(0x01);
        Assert.Equal(512, modulus.Length);
        using var rsa = RSA.Create(new RSAParameters { Modulus = modulus, Exponent = [1, 0, 1] });
        var hash = SHA512.HashData("big"u8);
        t.Expect("002241B60A80010081024B01840100");
        var block = RandomNumberGenerator.GetBytes(512);
        block[0] = 0x00; // any value below the modulus
        var signature = t.Chained(0x2A, 0x9E, 0x9A, block);
        Assert.Equal(512, signature.Length);
        Assert.Equal(block, t.PublicKey("4B01").RawPublic(signature));
        t.Expect("002241B60A80010281024B01840100");
        var pkcs1 = t.Chained(0x2A, 0x9E, 0x9A, [.. Convert.FromHexString("3051300D060960864801650304020305000440"), .. hash]);
        Assert.True(rsa.VerifyHash(hash, pkcs1, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));
        t.Expect("002241B80A80010281024B01840100");
        var secret = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(secret, t.Chained(0x2A, 0x80, 0x86, [0x00, .. rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1)]));
    }

    [Fact]
    public void Rsa_keys_load_by_put_data_as_opensc_sends_them()
    {
        using var source = RSA.Create(4096);
        var p = source.ExportParameters(true);
        var t = PersonalisedWithPin();
        t.CreateKeyFile("4B03", 0x11, 4096);
        t.SelectPath("50154B03");
        // OpenSC puts 00 before every CRT component whose first byte is not 00, and chains what exceeds 255 bytes.
        foreach (var (tag, value) in new[] { (0x83, p.P!), (0x84, p.Q!), (0x85, p.DP!), (0x86, p.DQ!), (0x87, p.InverseQ!), (0x80, p.Modulus!) })
            t.Chained(0xDA, 0x01, (byte)tag, value[0] == 0 ? value : [0x00, .. value], le: null);
        t.Chained(0xDA, 0x01, 0x81, p.Exponent!, le: null);
        Assert.Equal(0x0100, t.State.MasterFile.Child(0x5015)!.Child(0x4B03)!.Prop);
        Assert.Equal(p.Modulus, t.GetData(0x01));
        t.Expect("002241B60A80010281024B03840100");
        var hash = SHA256.HashData("imported"u8);
        var signature = t.Chained(0x2A, 0x9E, 0x9A, [.. Sha256Prefix, .. hash]);
        Assert.True(source.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        // A component longer than half the modulus is refused.
        t.Chained(0xDA, 0x01, 0x83, Enumerable.Repeat((byte)0x11, 300).ToArray(), le: null, sw: 0x6700);
    }

    [Theory]
    [InlineData(256, "1.2.840.10045.3.1.7")]
    [InlineData(384, "1.3.132.0.34")]
    [InlineData(521, "1.3.132.0.35")]
    public void Generated_ec_keys_sign_and_derive(int bits, string oid)
    {
        var t = PersonalisedWithPin();
        t.CreateKeyFile("4B02", 0x22, bits);
        var answer = t.Expect("0046000000");
        var fieldBytes = (bits + 7) / 8;
        var point = answer[(answer[1] == 0x81 ? 3 : 2)..];
        Assert.Equal(0x86, answer[0]);
        Assert.Equal(1 + 2 * fieldBytes, point.Length);
        t.SelectPath("50154B02");
        var info = t.GetData(0x86);
        Assert.Equal(MyEidDataCommands.Tagged(0x30, point), info);
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromValue(oid),
            Q = new ECPoint { X = point[1..(1 + fieldBytes)], Y = point[(1 + fieldBytes)..] },
        });
        var hash = SHA256.HashData("ec"u8);
        t.Expect("002241B60A80010481024B02840100");
        var signature = t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, hash, 0));
        Assert.True(ecdsa.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
        // OpenSC pads a short hash to the field length with zeros in front.
        var padded = new byte[fieldBytes];
        hash.CopyTo(padded, fieldBytes - hash.Length);
        Assert.True(ecdsa.VerifyHash(hash, t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, padded, 0)), DSASignatureFormat.Rfc3279DerSequence));
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, new byte[fieldBytes + 1], 0), 0x6700);

        using var peer = ECDiffieHellman.Create(ECCurve.CreateFromValue(oid));
        var q = peer.ExportParameters(false).Q;
        byte[] peerPoint = [0x04, .. q.X!, .. q.Y!];
        t.Expect("002241A40A80010481024B02840100");
        var shared = t.Expect(MyEidTestCard.Apdu(0x00, 0x86, 0x00, 0x00, DynamicAuthentication(peerPoint), fieldBytes));
        using var cardKey = ECDiffieHellman.Create(ecdsa.ExportParameters(false));
        Assert.Equal(peer.DeriveRawSecretAgreement(cardKey.PublicKey), shared);
        // A point off the curve is refused.
        peerPoint[^1] ^= 1;
        t.Expect(MyEidTestCard.Apdu(0x00, 0x86, 0x00, 0x00, DynamicAuthentication(peerPoint), fieldBytes), 0x6984);
    }

    [Fact]
    public void Ec_keys_load_by_put_data()
    {
        using var source = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p = source.ExportParameters(true);
        var t = PersonalisedWithPin();
        t.CreateKeyFile("4B05", 0x22, 384);
        t.SelectPath("50154B05");
        t.Expect(MyEidTestCard.Apdu(0x00, 0xDA, 0x01, 0x87, p.D!));
        t.Expect(MyEidTestCard.Apdu(0x00, 0xDA, 0x01, 0x86, [0x04, .. p.Q.X!, .. p.Q.Y!]));
        t.Expect(MyEidTestCard.Apdu(0x00, 0xDA, 0x01, 0x86, [0x03, .. p.Q.X!, .. p.Q.Y!]), 0x6985);
        t.Expect("002241B60A80010481024B05840100");
        var hash = SHA384.HashData("p384"u8);
        Assert.True(source.VerifyHash(hash, t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, hash, 0)), DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(MyEidDataCommands.Tagged(0x30, [0x04, .. p.Q.X!, .. p.Q.Y!]), t.GetData(0x86));
    }

    [Fact]
    public void Security_operations_need_the_environment_the_key_and_its_pin()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, MyEidTestCard.UserPin);
        t.CreateKeyFile("4B01", 0x11, 1024);
        t.CreateEf("4401", 16);
        t.SelectPath("5015");
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, new byte[20], 0), 0x6985); // no environment
        t.Expect("002241B60A80010281024B09840100", 0x6A88); // no such key file
        t.Expect("002241B606800102810140", 0x6A81); // a file reference of one byte
        t.Expect("002242B60A80010281024B01840100", 0x6A81); // P1 other than 41 / 81
        t.Expect("002241B60481024B01", 0x6A81); // no algorithm
        t.Expect("002241B60A80017781024B01840100", 0x6A81); // unknown algorithm
        t.Expect("002241B60A80010281024B01840101", 0x6A81); // key reference other than 0
        t.Expect("002241B60C80010281024B018401009900", 0x6A80);
        t.Expect("002241B60A80010281024B01840100");
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, new byte[20], 0), 0x6985); // no key loaded yet
        t.SelectPath("50154B01");
        t.Expect("0046000000");
        t.Expect("00460000023000", 0x6984); // exponent other than 65537
        t.SelectPath("50154401");
        t.Expect("0046000000", 0x6981); // not a key file
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, new byte[129], 0), 0x6700); // DigestInfo too long for PKCS#1
        t.Expect("002241B60A80010081024B01840100");
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x9E, 0x9A, new byte[127], 0), 0x6700); // raw needs the modulus length
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x00, .. new byte[128]], 0), 0x6985); // signature environment
        t.Expect("002241B80A80010281024B01840100");
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x00, .. Enumerable.Repeat((byte)1, 128)], 0), 0x6985); // bad padding
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x05, .. new byte[128]], 0), 0x6984); // unknown indicator
        t.Expect("002E0000");
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x00, .. new byte[128]], 0), 0x6982); // use needs PIN 1
    }

    [Fact]
    public void Cards_before_chaining_send_a_cryptogram_in_two_halves()
    {
        var t = PersonalisedWithPin();
        t.CreateKeyFile("4B01", 0x11, 2048);
        t.Expect("004600000730058103010001");
        t.SelectPath("50154B01");
        using var rsa = RSA.Create(new RSAParameters { Modulus = t.GetData(0x01), Exponent = [1, 0, 1] });
        var secret = RandomNumberGenerator.GetBytes(16);
        var cryptogram = rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1);
        t.Expect("002241B80A80010281024B01840100");
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x81, .. cryptogram[..128]]));
        Assert.Equal(secret, t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x82, .. cryptogram[128..]], 0)));
        t.Expect(MyEidTestCard.Apdu(0x00, 0x2A, 0x80, 0x86, [0x82, .. cryptogram[128..]], 0), 0x6985); // no first half
    }

    [Fact]
    public void Chains_keep_their_instruction_and_size()
    {
        var t = PersonalisedWithPin();
        t.Expect(MyEidTestCard.Apdu(0x10, 0x2A, 0x9E, 0x9A, new byte[200]));
        t.Expect(MyEidTestCard.Apdu(0x00, 0xDA, 0x01, 0x83, new byte[10]), 0x6883);
        t.Expect("102A9E9A00", 0x6700); // a chained part carries data
        for (var i = 0; i < 4; i++)
            t.Expect(MyEidTestCard.Apdu(0x10, 0x2A, 0x9E, 0x9A, new byte[255]));
        t.Expect(MyEidTestCard.Apdu(0x10, 0x2A, 0x9E, 0x9A, new byte[255]), 0x6700); // over 1024 bytes
        t.Expect(MyEidTestCard.Apdu(0x00, 0xD6, 0x00, 0x00, new byte[1]), 0x6985); // the chain is gone; the MF is no EF
    }

    [Fact]
    public void Get_challenge_answers_up_to_255_random_bytes()
    {
        var t = new MyEidTestCard();
        var a = t.Expect("0084000008");
        var b = t.Expect("0084000008");
        Assert.Equal(8, a.Length);
        Assert.NotEqual(a, b);
        Assert.Equal(255, t.Expect("00840000FF").Length);
        t.Expect("0084000000", 0x6F00); // as MyEID 3.3.3: Le 00 is refused
        t.Expect("00840000", 0x6700);
        t.Expect("0084010008", 0x6A86);
    }

    private static MyEidTestCard PersonalisedWithPin()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, MyEidTestCard.UserPin);
        return t;
    }

    // 7C { 85 point }, with 81 long lengths past 127 bytes (P-521), as OpenSC's myeid_ecdh_derive builds it.
    private static byte[] DynamicAuthentication(byte[] point)
    {
        byte[] inner = point.Length > 127 ? [0x85, 0x81, (byte)point.Length, .. point] : [0x85, (byte)point.Length, .. point];
        return inner.Length > 127 ? [0x7C, 0x81, (byte)inner.Length, .. inner] : [0x7C, (byte)inner.Length, .. inner];
    }

    // An RSASSA-PSS encoded message (RFC 8017 §9.1.1), here via .NET: sign, then undo with the public key.
    private static byte[] PssBlock(RSA rsa, byte[] hash)
    {
        using var k = RSA.Create(rsa.KeySize);
        var s = k.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        var p = k.ExportParameters(false);
        var m = System.Numerics.BigInteger.ModPow(new System.Numerics.BigInteger(s, true, true), new System.Numerics.BigInteger(p.Exponent, true, true),
            new System.Numerics.BigInteger(p.Modulus, true, true)).ToByteArray(true, true);
        var block = new byte[p.Modulus!.Length];
        m.CopyTo(block, block.Length - m.Length);
        // The block must be below the card key's modulus: PSS blocks start with a zero bit, so they are.
        Assert.True(block[0] < 0x80);
        return block;
    }
}
