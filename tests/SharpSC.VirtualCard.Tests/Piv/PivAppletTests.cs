using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Iso;
using static SharpSC.VirtualCard.Tests.Piv.PivSession;

namespace SharpSC.VirtualCard.Tests.Piv;

public sealed class PivAppletTests
{
    [Fact]
    public void Select_answers_the_application_property_template_and_yubico_identity()
    {
        var s = new PivSession();
        Assert.Equal(0x6D00, s.Send("00FD000000").Sw); // nothing selected yet
        var apt = s.Ok(Select);
        Assert.Equal("61114F0600001000010079074F05A000000308", Hex.Format(apt));
        Assert.Equal("050403", Hex.Format(s.Ok("00FD000000")));
        var serial = s.Ok("00F8000000");
        Assert.Equal(s.Card.Serial, (uint)(serial[0] << 24 | serial[1] << 16 | serial[2] << 8 | serial[3]));
        Assert.Equal(0x6A82, s.Send("00A4040005A000000999").Sw);
        Assert.Equal(0x6D00, s.Send("00EE000000").Sw);
        Assert.Equal(0x6E00, s.Send("80FD000000").Sw);
        Assert.Equal("7E124F0BA0000003080000100001005F2F024000", Hex.Format(s.Ok("00CB3FFF035C017E00")));
    }

    [Fact]
    public void Pin_verify_block_unblock_and_change_follow_sp800_73_status_words()
    {
        var s = new PivSession().Selected();
        Assert.Equal(0x63C3, s.Send("0020008000").Sw);
        Assert.Equal(0x63C2, s.Send("0020008008393939393939FFFF").Sw);
        s.VerifyPin();
        Assert.Equal(0x9000, s.Send("0020008000").Sw);
        s.Ok("0020FF80");
        Assert.Equal(0x63C3, s.Send("0020008000").Sw);
        Assert.Equal(0x6A80, s.Send("00200080063132333435FF").Sw); // not an 8-byte block

        for (var tries = 2; tries >= 0; tries--)
            Assert.Equal(0x63C0 | tries, s.Send("0020008008393939393939FFFF").Sw);
        Assert.Equal(0x6983, s.Send("0020008008" + PinBlock).Sw);
        Assert.Equal(0x6983, s.Send("0020008000").Sw);

        Assert.Equal(0x63C2, s.Send("002C008010" + "3838383838383838" + "3635343332310000".Replace("0000", "FFFF")).Sw);
        Assert.Equal(0x6A80, s.Send("002C008010" + PukBlock + "3132FFFFFFFFFFFF").Sw); // new PIN too short
        s.Ok("002C008010" + PukBlock + "363534333231FFFF");
        Assert.Equal(0x63C3, s.Send("0020008000").Sw);
        s.Ok("0020008008363534333231FFFF");

        s.Ok("0024008010" + "363534333231FFFF" + "3131313131313131");
        Assert.Equal(0x63C2, s.Send("0024008010" + "363534333231FFFF" + "3232323232323232").Sw);
        s.Ok("00200080083131313131313131");
        s.Ok("0024008110" + PukBlock + "3837363534333231");
        Assert.Equal(0x63C3, s.Send("0020008100").Sw);
    }

    [Fact]
    public void Management_key_mutual_and_external_authentication_with_3des_and_aes()
    {
        var s = new PivSession().Selected();
        Assert.Equal(0x6982, s.Send("0047009A05AC03800111").Sw);
        s.Authenticate();

        var aes = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
        s.Ok("00FFFFFF23" + "0C9B20" + aes);
        var meta = Children(s.Ok("00F7009B00"));
        Assert.Equal([0x0C], meta[0x01]);
        Assert.Equal([0x00], meta[0x05]);

        s.Ok(Select);
        Assert.Equal(0x6A80, s.Send("0087039B047C028000").Sw); // the key is AES-256 now
        s.Authenticate(aes, 0x0C);

        // External authentication: ask for a challenge, answer it encrypted.
        s.Ok(Select);
        var challenge = s.Ok("00870C9B047C028100")[4..];
        var response = Cipher(0x0C, Hex.Parse(aes), true, challenge);
        s.Ok(Apdu(0x00, 0x87, 0x0C, 0x9B, Tlv(0x7C, Tlv(0x82, response))));
        s.Ok("0047009A05AC03800111");

        // A wrong witness fails and leaves the card unauthenticated.
        s.Ok(Select);
        s.Ok("00870C9B047C028000");
        var bogus = Tlv(0x7C, [.. Tlv(0x80, new byte[16]), .. Tlv(0x81, new byte[16])]);
        Assert.Equal(0x6982, s.Send(Apdu(0x00, 0x87, 0x0C, 0x9B, bogus)).Sw);
        Assert.Equal(0x6982, s.Send("0047009A05AC03800111").Sw);

        // OpenSC's random numbers: P1 00, a challenge request.
        Assert.Equal(16, s.Ok("0087009B047C02810000")[4..].Length);
    }

    [Fact]
    public void Rsa2048_in_9a_signs_raw_blocks_after_the_pin_and_verifies_on_the_host()
    {
        var s = new PivSession().Selected();
        s.Authenticate();
        var pub = PublicRsa(s.Ok("0047009A05AC03800107"));
        Assert.Equal(2048, pub.Modulus.BitLength);

        var digestInfo = Hex.Parse("3031300D060960864801650304020105000420") .Concat(new Sha256Hash("hello").Value).ToArray();
        var block = Pkcs1Type1(digestInfo, 256);
        var sign = Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, block)]);
        Assert.Equal(0x6982, s.Chained(0x87, 0x07, 0x9A, sign).Sw);
        s.VerifyPin();
        var (answer, sw) = s.Chained(0x87, 0x07, 0x9A, sign);
        Assert.Equal(0x9000, sw);
        var signature = Children(Children(answer)[0x7C])[0x82];
        var verifier = new RsaDigestSigner(new Sha256Digest());
        verifier.Init(false, pub);
        verifier.BlockUpdate("hello"u8.ToArray(), 0, 5);
        Assert.True(verifier.VerifySignature(signature));

        // An extended APDU carries the same in one command; the wrong algorithm or a short block answers 6A80.
        Assert.Equal(0x9000, s.Exchange(Apdu(0x00, 0x87, 0x07, 0x9A, sign, le: true)).Sw);
        Assert.Equal(0x6A80, s.Exchange(Apdu(0x00, 0x87, 0x11, 0x9A, sign, le: true)).Sw);
        Assert.Equal(0x6A80, s.Send(Apdu(0x00, 0x87, 0x07, 0x9A, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, new byte[20])]))).Sw);

        // Decryption is the same raw operation on a PKCS#1 type 2 block.
        var encryptor = new Pkcs1Encoding(new RsaEngine());
        encryptor.Init(true, new ParametersWithRandom(pub, new SecureRandom()));
        var ciphertext = encryptor.ProcessBlock("secret"u8.ToArray(), 0, 6);
        var (plain, sw2) = s.Chained(0x87, 0x07, 0x9A, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, ciphertext)]));
        Assert.Equal(0x9000, sw2);
        var raw = Children(Children(plain)[0x7C])[0x82];
        Assert.Equal(256, raw.Length);
        Assert.Equal(0x02, raw[1]);
        Assert.Equal("secret"u8.ToArray(), raw[(Array.IndexOf(raw, (byte)0, 2) + 1)..]);
    }

    [Fact]
    public void Pin_policies_9c_always_9e_never_9d_once()
    {
        var s = new PivSession().Selected();
        s.Authenticate();
        var p9c = PublicEc(s.Ok("0047009C05AC03800111"));
        var p9e = PublicEc(s.Ok("0047009E05AC03800114"));
        var hash = new Sha256Hash("data").Value;
        var sign9c = Apdu(0x00, 0x87, 0x11, 0x9C, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, hash)]), le: true);
        var sign9e = Apdu(0x00, 0x87, 0x14, 0x9E, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, hash)]), le: true);

        Assert.True(VerifyEcdsa(p9e, hash, Children(Children(s.Ok(sign9e))[0x7C])[0x82])); // no PIN
        Assert.Equal(0x6982, s.Send(sign9c).Sw);
        s.VerifyPin();
        Assert.True(VerifyEcdsa(p9c, hash, Children(Children(s.Ok(sign9c))[0x7C])[0x82]));
        Assert.Equal(0x6982, s.Send(sign9c).Sw); // PIN always: one signature per VERIFY
        s.VerifyPin();
        s.Ok(sign9c);

        var meta = Children(s.Ok("00F7009C00"));
        Assert.Equal([0x11], meta[0x01]);
        Assert.Equal([0x03, 0x01], meta[0x02]);
        Assert.Equal([0x01], meta[0x03]);
        Assert.Equal(Children(meta[0x04])[0x86], p9c.Q.GetEncoded(false));
        Assert.Equal([0x01, 0x01], Children(s.Ok("00F7009E00"))[0x02]);
        Assert.Equal(0x6A88, s.Send("00F7008200").Sw);
    }

    [Fact]
    public void Ecdh_with_the_key_management_key_matches_the_host()
    {
        var s = new PivSession().Selected();
        s.Authenticate();
        var cardKey = PublicEc(s.Ok("0047009D05AC03800111"));
        var gen = new ECKeyPairGenerator();
        gen.Init(new ECKeyGenerationParameters(cardKey.Parameters, new SecureRandom()));
        var host = gen.GenerateKeyPair();
        var hostPoint = ((ECPublicKeyParameters)host.Public).Q.GetEncoded(false);
        var derive = Apdu(0x00, 0x87, 0x11, 0x9D, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x85, hostPoint)]), le: true);
        Assert.Equal(0x6982, s.Send(derive).Sw);
        s.VerifyPin();
        var secret = Children(Children(s.Ok(derive))[0x7C])[0x82];
        var agreement = new ECDHBasicAgreement();
        agreement.Init(host.Private);
        Assert.Equal(Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, agreement.CalculateAgreement(cardKey)), secret);
        Assert.Equal(0x6A80, s.Send(Apdu(0x00, 0x87, 0x11, 0x9D, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x85, hostPoint[..33])]))).Sw);
    }

    [Fact]
    public void Certificate_objects_round_trip_chained_and_come_back_through_get_response()
    {
        var s = new PivSession().Selected();
        var content = new byte[1800];
        Random.Shared.NextBytes(content);
        var container = Tlv(0x53, [.. Tlv(0x70, content), .. Tlv(0x71, [0x01]), .. Tlv(0xFE, [])]);
        var put = Tlv(0x5C, [0x5F, 0xC1, 0x05]).Concat(container).ToArray();
        Assert.Equal(0x6982, s.Chained(0xDB, 0x3F, 0xFF, put).Sw);
        s.Authenticate();
        Assert.Equal(0x9000, s.Chained(0xDB, 0x3F, 0xFF, put).Sw);
        Assert.True(s.Card.TakeChanged());

        var (first, sw) = s.Send("00CB3FFF055C035FC10500");
        Assert.Equal(256, first.Length);
        Assert.Equal(0x6100, sw);
        Assert.Equal(container, s.Ok("00CB3FFF055C035FC10500"));
        Assert.False(s.Card.TakeChanged()); // reads change nothing
        Assert.Equal(container, s.Ok(Apdu(0x00, 0xCB, 0x3F, 0xFF, Tlv(0x5C, [0x5F, 0xC1, 0x05]), le: false)));

        s.Ok(Apdu(0x00, 0xDB, 0x3F, 0xFF, [.. Tlv(0x5C, [0x5F, 0xC1, 0x05]), 0x53, 0x00]));
        Assert.Equal(0x6A82, s.Send("00CB3FFF055C035FC10500").Sw);
        Assert.Equal(0x6A80, s.Send(Apdu(0x00, 0xDB, 0x3F, 0xFF, [.. Tlv(0x5C, [0x5F, 0xC2, 0x05]), 0x53, 0x01, 0x00])).Sw);
        Assert.Equal(0x6A80, s.Send("00CB3FFF045C035FC1").Sw); // truncated tag list
        var huge = Tlv(0x5C, [0x5F, 0xC1, 0x0D]).Concat(Tlv(0x53, new byte[3500])).ToArray();
        Assert.Equal(0x6A84, s.Exchange(Apdu(0x00, 0xDB, 0x3F, 0xFF, huge)).Sw);
    }

    [Fact]
    public void Printed_information_needs_the_pin()
    {
        var s = new PivSession().Selected();
        s.Authenticate();
        s.Ok(Apdu(0x00, 0xDB, 0x3F, 0xFF, [.. Tlv(0x5C, [0x5F, 0xC1, 0x09]), .. Tlv(0x53, Tlv(0x01, "Name"u8.ToArray()))]));
        Assert.Equal(0x6982, s.Send("00CB3FFF055C035FC10900").Sw);
        s.VerifyPin();
        Assert.Equal(0x53, s.Ok("00CB3FFF055C035FC10900")[0]);
    }

    [Fact]
    public void Imported_keys_sign_report_their_origin_and_are_not_attested()
    {
        var s = new PivSession().Selected();
        s.Authenticate();
        var gen = new RsaKeyPairGenerator();
        gen.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new SecureRandom(), 1024));
        var rsa = (RsaPrivateCrtKeyParameters)gen.GenerateKeyPair().Private;
        byte[] Half(BigInteger v) => Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(64, v);
        var body = new List<byte>();
        foreach (var (tag, v) in new[] { (1, rsa.P), (2, rsa.Q), (3, rsa.DP), (4, rsa.DQ), (5, rsa.QInv) }) body.AddRange(Tlv(tag, Half(v)));
        body.AddRange(Tlv(0xAA, [0x01]));
        s.Ok(Apdu(0x00, 0xFE, 0x06, 0x85, [.. body]));
        var meta = Children(s.Ok("00F7008500"));
        Assert.Equal([0x06], meta[0x01]);
        Assert.Equal([0x01, 0x01], meta[0x02]);
        Assert.Equal([0x02], meta[0x03]);
        Assert.Equal(Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(128, rsa.Modulus), Children(meta[0x04])[0x81]);
        Assert.Equal(0x6A80, s.Send("00F9850000").Sw);

        var block = Pkcs1Type1([1, 2, 3], 128);
        var answer = s.Ok(Apdu(0x00, 0x87, 0x06, 0x85, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, block)]), le: true));
        var engine = new RsaEngine();
        engine.Init(false, new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent));
        var back = engine.ProcessBlock(Children(Children(answer)[0x7C])[0x82], 0, 128);
        Assert.Equal(block[1..], back); // leading 00 dropped by the engine

        var d = new byte[32];
        d[31] = 7;
        s.Ok(Apdu(0x00, 0xFE, 0x11, 0x86, [.. Tlv(0x06, d)]));
        Assert.Equal([0x02], Children(s.Ok("00F7008600"))[0x03]);
        Assert.Equal(0x6A80, s.Send(Apdu(0x00, 0xFE, 0x11, 0x86, [.. Tlv(0x06, d[1..])])).Sw);
        Assert.Equal(0x6A80, s.Send(Apdu(0x00, 0xFE, 0x07, 0x86, [.. Tlv(0x01, new byte[128])])).Sw);
    }

    [Fact]
    public void Attestation_certifies_a_generated_key_under_the_f9_certificate()
    {
        var s = new PivSession().Selected();
        Assert.Equal(0x6A88, s.Send("00F99A0000").Sw);
        s.Authenticate();
        var pub = PublicEc(s.Ok("0047009A05AC03800111"));
        var attestation = new X509CertificateParser().ReadCertificate(s.Ok("00F99A0000"));
        var f9Container = Children(Children(s.Ok("00CB3FFF055C035FFF0100"))[0x53]);
        var f9 = new X509CertificateParser().ReadCertificate(f9Container[0x70]);
        Assert.Equal([0x00], f9Container[0x71]);
        attestation.Verify(f9.GetPublicKey());
        Assert.Equal(f9.SubjectDN.ToString(), attestation.IssuerDN.ToString());
        Assert.Equal(pub.Q, ((ECPublicKeyParameters)attestation.GetPublicKey()).Q);
        // Yubico's extension values are the raw bytes (the serial a DER INTEGER), as .NET reads them.
        using var dotnet = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(attestation.GetEncoded());
        byte[] Ext(string oid) => dotnet.Extensions[oid]!.RawData;
        Assert.Equal([5, 4, 3], Ext("1.3.6.1.4.1.41482.3.3"));
        Assert.Equal(s.Card.Serial, (uint)DerInteger.GetInstance(Ext("1.3.6.1.4.1.41482.3.7")).LongValueExact);
        Assert.Equal([0x02, 0x01], Ext("1.3.6.1.4.1.41482.3.8"));
        Assert.Contains("9a", attestation.SubjectDN.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_pin_retries_needs_management_key_and_pin_and_restores_defaults()
    {
        var s = new PivSession().Selected();
        s.Ok("0024008010" + PinBlock + "3939393939393939");
        Assert.Equal(0x6982, s.Send("00FA0505").Sw);
        s.Authenticate();
        Assert.Equal(0x6982, s.Send("00FA0505").Sw);
        s.Ok("00200080083939393939393939");
        s.Ok("00FA0507");
        Assert.Equal(0x63C5, s.Send("0020008000").Sw);
        Assert.Equal(0x63C7, s.Send("0020008100").Sw);
        s.VerifyPin(); // back to 123456
        var pinMeta = Children(s.Ok("00F7008000"));
        Assert.Equal([0x05, 0x05], pinMeta[0x06]);
        Assert.Equal([0x01], pinMeta[0x05]);
    }

    [Fact]
    public void Reset_only_after_pin_and_puk_are_blocked_and_keeps_serial_and_attestation()
    {
        var s = new PivSession().Selected();
        s.Authenticate();
        s.Ok("0047009A05AC03800111");
        s.Ok("00FFFFFF1B039B18" + "0102030405060708090A0B0C0D0E0F101112131415161718");
        var f9 = s.Ok("00CB3FFF055C035FFF0100");
        Assert.Equal(0x6985, s.Send("00FB0000").Sw);
        for (var i = 0; i < 3; i++) s.Send("0020008008393939393939FFFF");
        Assert.Equal(0x6985, s.Send("00FB0000").Sw);
        for (var i = 0; i < 3; i++) s.Send("002C008010" + "3939393939393939" + PinBlock);
        Assert.Equal(0x6983, s.Send("002C008010" + PukBlock + PinBlock).Sw);
        s.Ok("00FB0000");
        Assert.Equal(0x6A88, s.Send("00F7009A00").Sw);
        Assert.Equal(0x63C3, s.Send("0020008000").Sw);
        s.Ok(Select);
        s.Authenticate(); // the factory management key again
        Assert.Equal(f9, s.Ok("00CB3FFF055C035FFF0100"));
    }

    [Fact]
    public void State_survives_a_restart_and_every_persistent_change_is_marked()
    {
        var s = new PivSession().Selected();
        Assert.True(s.Card.TakeChanged()); // the factory state itself
        s.Authenticate();
        Assert.False(s.Card.TakeChanged());
        var pub = PublicEc(s.Ok("0047009A05AC03800111"));
        Assert.True(s.Card.TakeChanged());
        s.Send("0020008008393939393939FFFF");
        Assert.True(s.Card.TakeChanged());
        s.Ok(Apdu(0x00, 0xDB, 0x3F, 0xFF, [.. Tlv(0x5C, [0x5F, 0xC1, 0x02]), .. Tlv(0x53, [0x30, 0x01, 0x00])]));
        Assert.True(s.Card.TakeChanged());

        var restored = new PivSession(PivCardEmulator.Restore(s.Card.SaveState())).Selected();
        Assert.Equal(s.Card.Serial, restored.Card.Serial);
        Assert.Equal(0x63C2, restored.Send("0020008000").Sw);
        Assert.Equal("5303300100", Hex.Format(restored.Ok("00CB3FFF055C035FC10200")));
        restored.VerifyPin();
        var hash = new Sha256Hash("x").Value;
        var sig = Children(Children(restored.Ok(Apdu(0x00, 0x87, 0x11, 0x9A, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, hash)]), le: true)))[0x7C])[0x82];
        Assert.True(VerifyEcdsa(pub, hash, sig));
        Assert.Throws<InvalidDataException>(() => PivCardEmulator.Restore([0x09, 0x01]));
        var state = s.Card.SaveState();
        Assert.Throws<InvalidDataException>(() => PivCardEmulator.Restore(state[..^3]));
    }

    [Fact]
    public void Malformed_and_misdirected_commands_get_the_status_words_a_yubikey_gives()
    {
        var s = new PivSession().Selected();
        var hash = new Sha256Hash("h").Value;
        var sign = Apdu(0x00, 0x87, 0x11, 0x9A, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, hash)]), le: true);
        Assert.Equal(0x6A88, s.Send(sign).Sw); // empty slot
        Assert.Equal(0x6A86, s.Send(Apdu(0x00, 0x87, 0x11, 0xF9, Tlv(0x7C, [.. Tlv(0x82, []), .. Tlv(0x81, hash)]))).Sw);
        Assert.Equal(0x6A86, s.Send("00F9F90000").Sw);
        Assert.Equal(0x6A86, s.Send("00F7000500").Sw);
        Assert.Equal(0x6A86, s.Send("00CB3FFE035C017E").Sw);
        Assert.Equal(0x6A80, s.Send("00CB3FFF047C025C00").Sw);
        Assert.Equal(0x6A82, s.Send("00CB3FFF055C035FC10500").Sw);
        Assert.Equal(0x6A82, s.Send("00CB3FFF055C035FC20500").Sw); // not a PIV object
        Assert.Equal(0x6A88, s.Send("0020008200").Sw);
        Assert.Equal(0x6A86, s.Send("0020018000").Sw);

        s.Authenticate();
        Assert.Equal(0x6A80, s.Send("0047009A05AC03800103").Sw); // 3DES is no asymmetric algorithm
        Assert.Equal(0x6A86, s.Send("0047009B05AC03800111").Sw);
        Assert.Equal(0x6A80, s.Send("0047009A06AC0380011103").Sw); // trailing byte after the template
        Assert.Equal(0x6A80, s.Send("0047009A08AC06800111AA0109").Sw); // PIN policy 9
        Assert.Equal(0x6A80, s.Send("00FFFFFF0B039B08" + "0102030405060708").Sw); // 3DES key of 8 bytes
        Assert.Equal(0x6A86, s.Send("00FF00FF1B039B18" + DefaultMgmKey).Sw);

        // A chain broken by another command is dropped; one longer than 4 KB answers 6700.
        Assert.Equal(0x9000, s.Send("10DB3FFF055C035FC105").Sw);
        Assert.Equal(0x6A82, s.Send("00CB3FFF055C035FC10500").Sw);
        Assert.Equal(0x6A80, s.Send("00DB3FFF03530100").Sw); // only the last link arrived: no tag list
        var link = new byte[255];
        var sw = 0x9000;
        for (var i = 0; i < 17 && sw == 0x9000; i++) sw = s.Send([0x10, 0xDB, 0x3F, 0xFF, 0xFF, .. link]).Sw;
        Assert.Equal(0x6700, sw);
    }

    internal static RsaKeyParameters PublicRsa(byte[] template)
    {
        var inner = Children(Children(template)[0x7F49]);
        return new RsaKeyParameters(false, new BigInteger(1, inner[0x81]), new BigInteger(1, inner[0x82]));
    }

    internal static ECPublicKeyParameters PublicEc(byte[] template)
    {
        var point = Children(Children(template)[0x7F49])[0x86];
        var name = point.Length == 65 ? "P-256" : "P-384";
        var x9 = ECNamedCurveTable.GetByName(name);
        var domain = new ECNamedDomainParameters(ECNamedCurveTable.GetOid(name), x9);
        return new ECPublicKeyParameters(x9.Curve.DecodePoint(point), domain);
    }

    internal static bool VerifyEcdsa(ECPublicKeyParameters key, byte[] hash, byte[] der)
    {
        var seq = Asn1Sequence.GetInstance(der);
        var verifier = new ECDsaSigner();
        verifier.Init(false, key);
        return verifier.VerifySignature(hash, DerInteger.GetInstance(seq[0]).Value, DerInteger.GetInstance(seq[1]).Value);
    }

    internal static byte[] Pkcs1Type1(byte[] digestInfo, int k)
    {
        var block = new byte[k];
        block[1] = 0x01;
        block.AsSpan(2, k - 3 - digestInfo.Length).Fill(0xFF);
        digestInfo.CopyTo(block, k - digestInfo.Length);
        return block;
    }

    internal readonly struct Sha256Hash(string text)
    {
        public byte[] Value { get; } = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
