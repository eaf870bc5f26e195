using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Transport;
using SharpSC.Cards.Tests.Support;
using SharpSC.TestSupport;

namespace SharpSC.Cards.Tests.Drivers.OpenPgp;

/// <summary>The OpenPGP driver against the emulated OpenPGP card (in memory), crypto checked by verification on the host.</summary>
public class OpenPgpDriverTests
{
    private static readonly byte[] Pw1 = "123456"u8.ToArray();
    private static readonly byte[] Pw3 = "12345678"u8.ToArray();
    private static readonly SecureRandom Random = new();

    private static (OpenPgpDriver Driver, OpenPgpEmulatorTransport Card) Connect(uint serial = 0x12345678)
    {
        var card = new OpenPgpEmulatorTransport(serial);
        return (OpenPgpDriver.Connect(card), card);
    }

    [Fact]
    public void Connect_OneApdu_CapabilitiesFromTheCardsOwnDataObjects()
    {
        var (driver, card) = Connect();
        Assert.Equal(1, card.Apdus); // GET DATA 6E: a standalone card has its application selected at reset
        Assert.Equal("OpenPGP card 3.4", driver.Version);
        Assert.Equal("D276000124010304FF53123456780000", driver.Aid.HexText);
        Assert.Equal("FF5312345678", Hex.Encode(driver.SerialNumber!));
        var caps = driver.Capabilities;
        Assert.True(caps.Has(CardFeatures.ExtendedApdu | CardFeatures.CommandChaining | CardFeatures.SecureRandom | CardFeatures.KeyImport | CardFeatures.KeyGeneration));
        Assert.Equal(3, caps.KeySlots);
        Assert.True(driver.Channel.Options.ExtendedLength);
        Assert.True(driver.Channel.Options.CommandChaining);
        Assert.Equal(0, driver.ApplicationData.MaxCommandLength); // no 7F66 on this card
        Assert.Equal(65535, driver.Channel.Options.MaxExtendedCommandData);
        Assert.All(driver.ApplicationData.Attributes, a => Assert.Equal("rsa2048", a.ToString()));
        Assert.All(OpenPgpKeyRefs.All, k => Assert.False(driver.ApplicationData.KeyPresent(k)));
        Assert.Equal("", driver.ReadCardholderData().DisplayName);
        Assert.Equal(0, driver.ReadSignatureCounter());
        Assert.Null(driver.ReadPublicKey(OpenPgpKeyRef.Signature));
        Assert.Empty(driver.ReadCertificates());
    }

    [Fact]
    public void NoOpenPgpApplication_IsNotMatched()
    {
        var other = new ScriptedTransport().Expect("00A4040006D2760001240100", "6A82");
        Assert.Null(OpenPgpDriver.TryConnect(new ApduChannel(other), out var reason));
        Assert.Equal("SELECT OpenPGP AID answered 6A82", reason);
        var odd = new ScriptedTransport().Expect("00A4040006D2760001240100", "9000").Expect("00CA006E00", "6E054F03D276009000");
        Assert.Null(OpenPgpDriver.TryConnect(new ApduChannel(odd), out reason));
        Assert.Contains("unreadable application related data", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyGeneration_AsGnuPgDoesIt_AttributesFirst_FingerprintAndTimeAfter()
    {
        var (driver, _) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        var created = DateTimeOffset.FromUnixTimeSeconds(1796332342);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Signature, AlgorithmAttributes.FromName("ed25519", OpenPgpKeyRef.Signature)!);
        var sig = driver.GenerateKey(OpenPgpKeyRef.Signature);
        driver.WriteKeyMetadata(OpenPgpKeyRef.Signature, sig, created);
        var data = driver.ApplicationData;
        Assert.Equal("ed25519", data.AttributesOf(OpenPgpKeyRef.Signature).ToString());
        Assert.Equal(OpenPgpFingerprint.Compute(sig, 1796332342), data.FingerprintOf(OpenPgpKeyRef.Signature));
        Assert.Equal(1796332342u, data.GenerationTimes[0]);
        Assert.Equal(OpenPgpSpec.KeyStatus.Generated, data.KeyStatus[0]);
        Assert.Equal(sig.Point, driver.ReadPublicKey(OpenPgpKeyRef.Signature)!.Point);
        // The same attributes again cost no APDU.
        var card = (OpenPgpEmulatorTransport)driver.Transport;
        var before = card.Apdus;
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Signature, AlgorithmAttributes.FromName("ed25519", OpenPgpKeyRef.Signature)!);
        Assert.Equal(before, card.Apdus);
    }

    [Fact]
    public void Rsa_SignatureDecipherAndAuthentication()
    {
        var (driver, _) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        var sig = Rsa(driver.GenerateKey(OpenPgpKeyRef.Signature));
        var dec = Rsa(driver.GenerateKey(OpenPgpKeyRef.Decryption));
        var aut = Rsa(driver.GenerateKey(OpenPgpKeyRef.Authentication));

        var message = "to be signed"u8.ToArray();
        driver.Verify(OpenPgpPassword.Pw1Signature, Pw1);
        var signature = driver.Sign(OpenPgpKeyRef.Signature, DigestInfo(message));
        var verifier = new RsaDigestSigner(new Org.BouncyCastle.Crypto.Digests.Sha256Digest());
        verifier.Init(false, sig);
        verifier.BlockUpdate(message, 0, message.Length);
        Assert.True(verifier.VerifySignature(signature));
        Assert.Equal(1, driver.ReadSignatureCounter());
        // PW1 (81) is spent by one signature (C4 first byte 00).
        var e = Assert.Throws<CardException>(() => driver.Sign(OpenPgpKeyRef.Signature, DigestInfo(message)));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, e.Error);

        driver.Verify(OpenPgpPassword.Pw1, Pw1);
        var secret = "session key bytes"u8.ToArray();
        var cipher = new Pkcs1Encoding(new RsaEngine());
        cipher.Init(true, new ParametersWithRandom(dec, Random));
        var cryptogram = cipher.ProcessBlock(secret, 0, secret.Length);
        Assert.Equal(secret, driver.Decipher(OpenPgpKeyRef.Decryption, cryptogram));
        // Raw PKCS#1 through INTERNAL AUTHENTICATE: the card pads what it is given (TLS 1.2 MD5+SHA-1, 36 bytes).
        var tls = Random.GenerateSeed(36);
        var opener = new Pkcs1Encoding(new RsaEngine());
        opener.Init(false, aut);
        var raw = driver.Sign(OpenPgpKeyRef.Authentication, tls);
        Assert.Equal(tls, opener.ProcessBlock(raw, 0, raw.Length));
        // With MSE the decryption key authenticates and the authentication key deciphers.
        var cross = driver.Sign(OpenPgpKeyRef.Decryption, tls);
        var openDec = new Pkcs1Encoding(new RsaEngine());
        openDec.Init(false, dec);
        Assert.Equal(tls, openDec.ProcessBlock(cross, 0, cross.Length));
        var toAut = new Pkcs1Encoding(new RsaEngine());
        toAut.Init(true, new ParametersWithRandom(aut, Random));
        Assert.Equal(secret, driver.Decipher(OpenPgpKeyRef.Authentication, toAut.ProcessBlock(secret, 0, secret.Length)));
        // And afterwards each key does its own job again.
        Assert.Equal(secret, driver.Decipher(OpenPgpKeyRef.Decryption, cryptogram));
    }

    [Theory]
    [InlineData("nistp256", "secp256r1")]
    [InlineData("nistp384", "secp384r1")]
    [InlineData("nistp521", "secp521r1")]
    public void Ecc_EcdsaAndEcdh(string curveName, string bcName)
    {
        var (driver, _) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        foreach (var key in OpenPgpKeyRefs.All)
            driver.SetAlgorithmAttributes(key, AlgorithmAttributes.FromName(curveName, key)!);
        var domain = new ECDomainParameters(Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName(bcName));
        var sig = Ec(driver.GenerateKey(OpenPgpKeyRef.Signature), domain);
        var dec = Ec(driver.GenerateKey(OpenPgpKeyRef.Decryption), domain);
        var aut = Ec(driver.GenerateKey(OpenPgpKeyRef.Authentication), domain);
        var hash = DigestUtilities.CalculateDigest("SHA-256", "message"u8.ToArray());

        driver.Verify(OpenPgpPassword.Pw1Signature, Pw1);
        Assert.True(VerifyEcdsa(sig, hash, driver.Sign(OpenPgpKeyRef.Signature, hash)));
        driver.Verify(OpenPgpPassword.Pw1, Pw1);
        Assert.True(VerifyEcdsa(aut, hash, driver.Sign(OpenPgpKeyRef.Authentication, hash)));

        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(domain, Random));
        var ephemeral = generator.GenerateKeyPair();
        var agreement = new ECDHBasicAgreement();
        agreement.Init(ephemeral.Private);
        var expected = BigIntegers.AsUnsignedByteArray((domain.Curve.FieldSize + 7) / 8, agreement.CalculateAgreement(dec));
        var point = ((ECPublicKeyParameters)ephemeral.Public).Q.GetEncoded(false);
        Assert.Equal(expected, driver.Decipher(OpenPgpKeyRef.Decryption, point));
        Assert.Throws<CardException>(() => driver.Decipher(OpenPgpKeyRef.Decryption, point[..^1]));
        Assert.Throws<CardException>(() => driver.Sign(OpenPgpKeyRef.Decryption, hash));
    }

    [Fact]
    public void Ed25519AndX25519()
    {
        var (driver, _) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Signature, AlgorithmAttributes.FromName("ed25519", OpenPgpKeyRef.Signature)!);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Decryption, AlgorithmAttributes.FromName("cv25519", OpenPgpKeyRef.Decryption)!);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Authentication, AlgorithmAttributes.FromName("ed25519", OpenPgpKeyRef.Authentication)!);
        var sig = driver.GenerateKey(OpenPgpKeyRef.Signature).Point!;
        var dec = driver.GenerateKey(OpenPgpKeyRef.Decryption).Point!;
        var aut = driver.GenerateKey(OpenPgpKeyRef.Authentication).Point!;
        var message = "ssh signs this"u8.ToArray();

        driver.Verify(OpenPgpPassword.Pw1Signature, Pw1);
        Assert.True(VerifyEd25519(sig, message, driver.Sign(OpenPgpKeyRef.Signature, message)));
        driver.Verify(OpenPgpPassword.Pw1, Pw1);
        Assert.True(VerifyEd25519(aut, message, driver.Sign(OpenPgpKeyRef.Authentication, message)));
        var mine = new X25519PrivateKeyParameters(Random);
        var expected = new byte[32];
        mine.GenerateSecret(new X25519PublicKeyParameters(dec), expected, 0);
        var theirs = mine.GeneratePublicKey().GetEncoded();
        Assert.Equal(expected, driver.Decipher(OpenPgpKeyRef.Decryption, theirs));
        // GnuPG's 0x40-prefixed form is taken too.
        Assert.Equal(expected, driver.Decipher(OpenPgpKeyRef.Decryption, [0x40, .. theirs]));
    }

    [Fact]
    public void KeyImport_RsaCrtWithModulus_Ec_Ed25519_X25519()
    {
        var (driver, _) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        var rsaGenerator = new RsaKeyPairGenerator();
        rsaGenerator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, 2048, 50));
        var rsa = (RsaPrivateCrtKeyParameters)rsaGenerator.GenerateKeyPair().Private;
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Signature, AlgorithmAttributes.Rsa(2048, OpenPgpSpec.RsaImportFormat.CrtWithModulus));
        driver.ImportKey(OpenPgpKeyRef.Signature, new OpenPgpRsaPrivateKey(rsa.Modulus.ToByteArrayUnsigned(), rsa.PublicExponent.ToByteArrayUnsigned(),
            rsa.P.ToByteArrayUnsigned(), rsa.Q.ToByteArrayUnsigned(), rsa.QInv.ToByteArrayUnsigned(), rsa.DP.ToByteArrayUnsigned(), rsa.DQ.ToByteArrayUnsigned()));
        Assert.Equal(rsa.Modulus.ToByteArrayUnsigned(), driver.ReadPublicKey(OpenPgpKeyRef.Signature)!.Modulus);
        Assert.Equal(OpenPgpSpec.KeyStatus.Imported, driver.ApplicationData.KeyStatus[0]);

        var domain = new ECDomainParameters(Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName("secp256r1"));
        var ecGenerator = new ECKeyPairGenerator();
        ecGenerator.Init(new ECKeyGenerationParameters(domain, Random));
        var ec = ecGenerator.GenerateKeyPair();
        var q = ((ECPublicKeyParameters)ec.Public).Q.GetEncoded(false);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Authentication, AlgorithmAttributes.Parse([.. Hex.Decode("132A8648CE3D030107"), 0xFF]));
        driver.ImportKey(OpenPgpKeyRef.Authentication, new OpenPgpEccPrivateKey(((ECPrivateKeyParameters)ec.Private).D.ToByteArrayUnsigned(), q));
        Assert.Equal(q, driver.ReadPublicKey(OpenPgpKeyRef.Authentication)!.Point);

        var x = new X25519PrivateKeyParameters(Random);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Decryption, AlgorithmAttributes.FromName("cv25519", OpenPgpKeyRef.Decryption)!);
        driver.ImportKey(OpenPgpKeyRef.Decryption, OpenPgpEccPrivateKey.FromX25519Native(x.GetEncoded(), x.GeneratePublicKey().GetEncoded()));
        Assert.Equal(x.GeneratePublicKey().GetEncoded(), driver.ReadPublicKey(OpenPgpKeyRef.Decryption)!.Point);

        var ed = new Ed25519PrivateKeyParameters(Random);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Signature, AlgorithmAttributes.FromName("ed25519", OpenPgpKeyRef.Signature)!);
        driver.ImportKey(OpenPgpKeyRef.Signature, new OpenPgpEccPrivateKey(ed.GetEncoded(), ed.GeneratePublicKey().GetEncoded()));
        driver.Verify(OpenPgpPassword.Pw1Signature, Pw1);
        Assert.True(VerifyEd25519(ed.GeneratePublicKey().GetEncoded(), "m"u8.ToArray(), driver.Sign(OpenPgpKeyRef.Signature, "m"u8.ToArray())));
    }

    [Fact]
    public void Passwords_WrongTriesLeft_Blocked_ChangeAndUnblock()
    {
        var (driver, _) = Connect();
        var e = Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw1, "654321"u8));
        Assert.Equal(CardError.PinIncorrect, e.Error);
        Assert.Equal(2, e.TriesLeft);
        Assert.Equal(2, driver.GetStatus(OpenPgpPassword.Pw1Signature).TriesLeft);
        Assert.Equal(CardError.PinLengthInvalid, Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw1, "12345"u8)).Error);
        Assert.Equal(CardError.PinLengthInvalid, Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw3, "1234567"u8)).Error);
        driver.Verify(OpenPgpPassword.Pw1, Pw1);
        Assert.False(driver.GetStatus(OpenPgpPassword.Pw1).VerificationRequired);
        Assert.True(driver.GetStatus(OpenPgpPassword.Pw1Signature).VerificationRequired);

        driver.ChangePassword(OpenPgpPassword.Pw1, Pw1, "24682468"u8);
        driver.Verify(OpenPgpPassword.Pw1, "24682468"u8);
        for (var i = 0; i < 2; i++) Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw1, "000000"u8));
        e = Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw1, "000000"u8));
        Assert.Equal(CardError.AuthenticationBlocked, e.Error);
        Assert.Equal(CardError.AuthenticationBlocked, Assert.Throws<CardException>(() => driver.Verify(OpenPgpPassword.Pw1, "24682468"u8)).Error);
        Assert.True(driver.GetStatus(OpenPgpPassword.Pw1).Blocked);

        // No resetting code yet; PW3 sets one, the resetting code unblocks PW1.
        Assert.Equal(0, driver.TriesLeft(OpenPgpPassword.ResettingCode));
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        driver.SetResettingCode("87654321"u8);
        e = Assert.Throws<CardException>(() => driver.ResetPw1WithResettingCode("11111111"u8, Pw1));
        Assert.Equal(CardError.PinIncorrect, e.Error);
        Assert.Equal(2, e.TriesLeft);
        driver.ResetPw1WithResettingCode("87654321"u8, "135790"u8);
        driver.Verify(OpenPgpPassword.Pw1, "135790"u8);
        driver.ResetPw1WithPw3(Pw1);
        driver.Verify(OpenPgpPassword.Pw1Signature, Pw1);
        driver.ChangePassword(OpenPgpPassword.Pw3, Pw3, "abcdefgh"u8);
        driver.Verify(OpenPgpPassword.Pw3, "abcdefgh"u8);
        // Logout forgets every verification.
        driver.Logout();
        Assert.True(driver.GetStatus(OpenPgpPassword.Pw3).VerificationRequired);
        Assert.True(driver.GetStatus(OpenPgpPassword.Pw1).VerificationRequired);
    }

    [Fact]
    public void CardholderDataUrlLoginAndPolicy()
    {
        var (driver, _) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        driver.WriteCardholderName("Ada Lovelace King");
        driver.WriteLanguage("en");
        driver.WriteUrl("https://example.org/key.asc");
        driver.WriteLoginData("ada");
        Assert.Equal("Ada Lovelace King", driver.ReadCardholderData().DisplayName);
        Assert.Equal("King<<Ada<Lovelace", System.Text.Encoding.UTF8.GetString(driver.ReadCardholderData().Name));
        Assert.Equal("https://example.org/key.asc"u8.ToArray(), driver.ReadUrl());
        Assert.Equal("ada"u8.ToArray(), driver.ReadLoginData());
        Assert.False(driver.ApplicationData.PwStatus.Pw1ValidForSeveralSignatures);
        driver.SetSignaturePinPolicy(true);
        Assert.True(driver.ApplicationData.PwStatus.Pw1ValidForSeveralSignatures);
        var info = driver.ReadAlgorithmInformation();
        Assert.Contains(info, e => e.Key == OpenPgpKeyRef.Decryption && e.Attributes.ToString() == "cv25519");
        Assert.Contains(info, e => e.Key == OpenPgpKeyRef.Signature && e.Attributes.ToString() == "rsa4096");
        Assert.DoesNotContain(info, e => e.Key == OpenPgpKeyRef.Signature && e.Attributes.ToString() == "cv25519");
    }

    [Fact]
    public void Certificates_ThreeOccurrences_ReadInFourApdus()
    {
        var (driver, card) = Connect();
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        var big = Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray();
        driver.WriteCertificate(OpenPgpKeyRef.Signature, big);
        driver.WriteCertificate(OpenPgpKeyRef.Authentication, [0x30, 0x03, 0x02, 0x01, 0x03]);
        Assert.Equal(big, driver.ReadCertificate(OpenPgpKeyRef.Signature));
        Assert.Null(driver.ReadCertificate(OpenPgpKeyRef.Decryption));
        var before = card.Apdus;
        var all = driver.ReadCertificates();
        Assert.Equal(4, card.Apdus - before);
        Assert.Equal(big, all[OpenPgpKeyRef.Signature]);
        Assert.False(all.ContainsKey(OpenPgpKeyRef.Decryption));
        Assert.Equal(5, all[OpenPgpKeyRef.Authentication].Length);
        driver.WriteCertificate(OpenPgpKeyRef.Signature, []);
        Assert.Null(driver.ReadCertificate(OpenPgpKeyRef.Signature));
        var tooBig = Assert.Throws<CardException>(() => driver.WriteCertificate(OpenPgpKeyRef.Signature, new byte[2049]));
        Assert.Equal(CardError.NotEnoughMemory, tooBig.Error);
    }

    [Fact]
    public void GetChallenge_InPiecesTheCardAnnounces()
    {
        var (driver, card) = Connect();
        var before = card.Apdus;
        Assert.Equal(3000, driver.GetChallenge(3000).Length);
        Assert.Equal(3, card.Apdus - before);
    }

    [Fact]
    public void FactoryReset_WithTheAdminPin_AndWithoutIt()
    {
        var (driver, _) = Connect(0xABCDEF01);
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        driver.GenerateKey(OpenPgpKeyRef.Authentication);
        driver.ChangePassword(OpenPgpPassword.Pw1, Pw1, "999999"u8);
        driver.FactoryReset(Pw3);
        Assert.False(driver.ApplicationData.KeyPresent(OpenPgpKeyRef.Authentication));
        Assert.Equal("D276000124010304FF53ABCDEF010000", driver.Aid.HexText);
        driver.Verify(OpenPgpPassword.Pw1, Pw1);

        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        driver.ChangePassword(OpenPgpPassword.Pw3, Pw3, "forgotten"u8);
        driver.FactoryReset([]);
        Assert.Equal(new PwStatus(false, 127, 127, 127, 3, 0, 3), driver.ApplicationData.PwStatus);
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
    }

    [Fact]
    public void TerminatedApplication_ConnectsForAFactoryReset()
    {
        var card = new OpenPgpEmulatorTransport(7);
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        card.Transmit(Hex.Decode("00E60000"));
        card.Reset();
        var terminated = OpenPgpDriver.Connect(card);
        Assert.True(terminated.Terminated);
        Assert.Equal(CardError.FileInvalid, Assert.Throws<CardException>(() => terminated.ApplicationData).Error);
        terminated.FactoryReset([]);
        Assert.False(terminated.Terminated);
        Assert.Equal(7u, terminated.Aid.Serial);
    }

    [Fact]
    public void ApduEconomy_ListTokensAndObjects_LoginAndSign()
    {
        var card = new OpenPgpEmulatorTransport(1);
        var setup = OpenPgpDriver.Connect(card);
        setup.Verify(OpenPgpPassword.Pw3, Pw3);
        foreach (var key in OpenPgpKeyRefs.All)
            setup.WriteKeyMetadata(key, setup.GenerateKey(key), DateTimeOffset.UtcNow);
        setup.WriteCertificate(OpenPgpKeyRef.Signature, [0x30, 0x00]);
        card.Reset();

        var before = card.Apdus;
        var driver = OpenPgpDriver.Connect(card);
        driver.ReadCardholderData();
        Assert.Equal(2, card.Apdus - before); // 6E (no SELECT on a standalone card), 65: a token's label and serial
        driver.ReadCertificates();
        Assert.Equal(6, card.Apdus - before); // + SELECT DATA, GET DATA, GET NEXT DATA x2
        driver.Verify(OpenPgpPassword.Pw1Signature, Pw1);
        driver.Sign(OpenPgpKeyRef.Signature, DigestInfo("x"u8.ToArray()));
        Assert.Equal(8, card.Apdus - before);
    }

    [Fact]
    public void Registry_AStandaloneOpenPgpCardIsKnownByItsAtr_OneApduAndNoFurtherProbe()
    {
        var card = new OpenPgpEmulatorTransport(7);
        var found = SharpSC.Cards.Registry.DriverRegistry.Default.FindApplications(card);
        var application = Assert.Single(found.Found);
        Assert.IsType<OpenPgpDriver>(application.Driver);
        Assert.Equal(1, card.Apdus); // GET DATA 6E (its application is selected at reset); no IsoApplet or PIV probe
        Assert.Equal("00CA006E00", Hex.Encode(card.Exchanges[0].Command));
    }

    [Theory]
    [InlineData("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 C0 05 90 00 89", true)] // SharpSC's virtual card
    [InlineData("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 F5 73 C0 01 60 00 90 00 1C", true)] // OpenPGP card v3.x, Nitrokey Pro
    [InlineData("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C", true)] // CryptoStick v1.2
    [InlineData("3B DA 11 FF 81 B1 FE 55 1F 03 00 31 84 73 80 01 80 00 90 00 E4", true)] // Gnuk
    [InlineData("3B FA 13 00 FF 81 31 80 45 00 31 C1 73 C0 01 00 00 90 00 B1", true)] // OpenPGP card v1.x
    [InlineData("3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40", false)] // YubiKey 5 (PIV beside)
    [InlineData("3B FA 18 00 00 81 31 FE 45 4A 43 4F 50 33 31 56 32 33 32 98", false)] // a JavaCard (jcardsim)
    public void StandaloneAtrs_MatchTheOpenPgpCardFamilyOnly(string atr, bool standalone)
    {
        Assert.Equal(standalone, OpenPgpDriver.StandaloneCardAtrs.Any(p => p.Matches(Hex.Decode(atr))));
    }

    [Fact]
    public void Facts_PinsAndModelFromTheCard()
    {
        var (driver, _) = Connect();
        var facts = driver.Facts;
        Assert.Equal("OpenPGP 3.4", facts.Model);
        Assert.Equal(new SharpSC.Cards.Families.CardVersion(3, 4), facts.Firmware);
        Assert.Equal(0x82, facts.Pins.UserPin!.Reference);
        Assert.True(facts.Pins.UserPinFixed);
        Assert.Equal(6, facts.Pins.UserPin.Format.MinLength);
        Assert.Equal(127, facts.Pins.UserPin.Format.MaxLength);
        Assert.Equal(0x83, facts.Pins.SecurityOfficer.Pin!.Reference);
        Assert.Equal(8, facts.Pins.SecurityOfficerFormat!.MinLength);
    }

    private static RsaKeyParameters Rsa(OpenPgpPublicKey key) =>
        new(false, new BigInteger(1, key.Modulus!), new BigInteger(1, key.Exponent!));

    private static ECPublicKeyParameters Ec(OpenPgpPublicKey key, ECDomainParameters domain) =>
        new(domain.Curve.DecodePoint(key.Point!), domain);

    private static byte[] DigestInfo(byte[] message) =>
        [.. Hex.Decode("3031300D060960864801650304020105000420"), .. DigestUtilities.CalculateDigest("SHA-256", message)];

    private static bool VerifyEcdsa(ECPublicKeyParameters key, byte[] hash, byte[] rs)
    {
        var signer = new ECDsaSigner();
        signer.Init(false, key);
        var half = rs.Length / 2;
        return signer.VerifySignature(hash, new BigInteger(1, rs[..half]), new BigInteger(1, rs[half..]));
    }

    private static bool VerifyEd25519(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
