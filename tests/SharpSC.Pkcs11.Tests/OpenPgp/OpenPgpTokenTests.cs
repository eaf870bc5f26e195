using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKD;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;
using static SharpSC.Pkcs11.Tests.OpenPgp.OpenPgpEngine;

namespace SharpSC.Pkcs11.Tests.OpenPgp;

/// <summary>
/// The OpenPGP token device in the engine, over the emulated OpenPGP card: what the token says about itself, its
/// three keys with OpenSC's IDs and labels, PW1/PW3 logins, the per-signature PIN of the signature key, every
/// mechanism its keys take (each result checked on the host), generation and certificates as the SO, factory reset.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class OpenPgpTokenTests
{
    private static readonly SecureRandom Random = new();

    private static CkAttribute ULong(ulong type, ulong value) => new(type, AttributeCodec.ULong(value));

    private static CkAttribute Bool(ulong type, bool value) => new(type, AttributeCodec.Bool(value));

    private static CkAttribute Class(ulong value) => ULong(CKA_CLASS, value);

    [Fact]
    public void TokenInfo_LabelSerialAndModelFromTheCard_SoWrites_MechanismsAsTheCardCanChange()
    {
        using var engine = new OpenPgpEngine(new OpenPgpEmulatorTransport(0x12345678));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out var info));
        Assert.Equal("OpenPGP card 12345678", info.Label);
        Assert.Equal("OpenPGP project", info.ManufacturerId);
        Assert.Equal("OpenPGP 3.4", info.Model);
        Assert.Equal("ff5312345678", info.SerialNumber);
        Assert.Equal((6UL, 127UL), (info.MinPinLen, info.MaxPinLen));
        Assert.Equal(CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED,
            info.Flags & (CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED | CKF_WRITE_PROTECTED));
        Assert.Equal((3, 4), (info.FirmwareVersion.Major, info.FirmwareVersion.Minor));

        Assert.Equal(CKR_OK, Cryptoki.GetMechanismList(engine.Slot, out var mechanisms));
        Assert.Contains(CKM_RSA_PKCS, mechanisms);
        Assert.Contains(CKM_SHA256_RSA_PKCS, mechanisms);
        Assert.Contains(CKM_ECDSA, mechanisms);
        Assert.Contains(CKM_EDDSA, mechanisms);
        Assert.Contains(CKM_ECDH1_DERIVE, mechanisms);
        Assert.Contains(CKM_RSA_PKCS_KEY_PAIR_GEN, mechanisms);
        Assert.Contains(CKM_EC_EDWARDS_KEY_PAIR_GEN, mechanisms);
        Assert.Contains(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, mechanisms);
        // The card pads RSA itself: no raw RSA, so no PSS; OAEP only encrypts on the host, never decrypts on the card.
        Assert.DoesNotContain(CKM_RSA_X_509, mechanisms);
        Assert.DoesNotContain(CKM_RSA_PKCS_PSS, mechanisms);
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(engine.Slot, CKM_RSA_PKCS_OAEP, out var oaep));
        Assert.Equal(CKF_ENCRYPT, oaep.Flags & (CKF_ENCRYPT | CKF_DECRYPT));

        var session = engine.Session();
        Assert.Empty(Find(session));
        var random = new byte[300];
        Assert.Equal(CKR_OK, Cryptoki.GenerateRandom(session, random));
        Assert.Contains(random, b => b != 0);
    }

    [Fact]
    public void ThreeKeys_WithOpenScIdsAndLabels_SignatureKeyAlwaysAuthenticates()
    {
        using var engine = new OpenPgpEngine(Personalised(
            (OpenPgpKeyRef.Signature, "rsa2048"), (OpenPgpKeyRef.Decryption, "cv25519"), (OpenPgpKeyRef.Authentication, "nistp256")));
        var session = engine.Session();
        var publics = Find(session, Class(CKO_PUBLIC_KEY));
        Assert.Equal(["Signature key", "Encryption key", "Authentication key"], publics.Select(h => Utf8(session, h, CKA_LABEL)));
        Assert.Equal([[1], [2], [3]], publics.Select(h => Attribute(session, h, CKA_ID)));
        Assert.Equal([CKK_RSA, CKK_EC_MONTGOMERY, CKK_EC], publics.Select(h => ULongAttribute(session, h, CKA_KEY_TYPE)));
        Assert.Empty(Find(session, Class(CKO_PRIVATE_KEY)));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        var sig = FindOne(session, CKO_PRIVATE_KEY, 1);
        Assert.Equal(AttributeCodec.Bool(true), Attribute(session, sig, CKA_ALWAYS_AUTHENTICATE));
        Assert.Equal(AttributeCodec.Bool(true), Attribute(session, sig, CKA_LOCAL));
        Assert.Equal(AttributeCodec.ULong(2048), Attribute(session, sig, CKA_MODULUS_BITS));
        Assert.Equal(AttributeCodec.Bool(false), Attribute(session, FindOne(session, CKO_PRIVATE_KEY, 3), CKA_ALWAYS_AUTHENTICATE));
        Assert.Equal(AttributeCodec.Bool(true), Attribute(session, FindOne(session, CKO_PRIVATE_KEY, 2), CKA_DERIVE));
        Assert.Equal(AttributeCodec.Bool(false), Attribute(session, FindOne(session, CKO_PRIVATE_KEY, 2), CKA_DECRYPT));
    }

    [Fact]
    public void Rsa_SignatureKeyWantsThePinForEachSignature_DecryptionAndAuthentication()
    {
        using var engine = new OpenPgpEngine(Personalised(
            (OpenPgpKeyRef.Signature, "rsa2048"), (OpenPgpKeyRef.Decryption, "rsa2048"), (OpenPgpKeyRef.Authentication, "rsa2048")));
        var session = engine.UserSession();
        var message = "an OpenPGP card signs"u8.ToArray();

        var sig = FindOne(session, CKO_PRIVATE_KEY, 1);
        var sigPublic = Rsa(session, FindOne(session, CKO_PUBLIC_KEY, 1));
        // Without the PIN for this one signature, the card refuses PSO:CDS.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_SHA256_RSA_PKCS), sig)));
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.Sign(session, message, OutputRequest.Buffer(4096)).Rv));
        for (var i = 0; i < 2; i++)
        {
            var signature = Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), sig, message, contextPin: Pw1);
            Assert.True(VerifyRsa(sigPublic, message, signature));
        }
        var counter = OpenPgpDriver.Connect(engine.Card).ReadSignatureCounter();
        Assert.Equal(2, counter);

        // Authentication key: INTERNAL AUTHENTICATE, no per-use PIN; raw CKM_RSA_PKCS on any short input.
        var aut = FindOne(session, CKO_PRIVATE_KEY, 3);
        var autPublic = Rsa(session, FindOne(session, CKO_PUBLIC_KEY, 3));
        Assert.True(VerifyRsa(autPublic, message, Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), aut, message)));
        var tls = new byte[36];
        Random.NextBytes(tls);
        var raw = Sign(session, new Mechanism(CKM_RSA_PKCS), aut, tls);
        var engineRsa = new Pkcs1Encoding(new RsaEngine());
        engineRsa.Init(false, autPublic);
        Assert.Equal(tls, engineRsa.ProcessBlock(raw, 0, raw.Length));

        // Decryption key: PSO:DECIPHER, the card unpads.
        var dec = FindOne(session, CKO_PRIVATE_KEY, 2);
        var encrypt = new Pkcs1Encoding(new RsaEngine());
        encrypt.Init(true, new ParametersWithRandom(Rsa(session, FindOne(session, CKO_PUBLIC_KEY, 2)), Random));
        var secret = "session key material"u8.ToArray();
        var ciphertext = encrypt.ProcessBlock(secret, 0, secret.Length);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DecryptInit(session, new Mechanism(CKM_RSA_PKCS), dec)));
        var plain = Cryptoki.Decrypt(session, ciphertext, OutputRequest.Buffer(4096));
        Assert.Equal(CKR_OK, plain.Rv);
        Assert.Equal(secret, plain.Data);

        // Each key does what its slot does: the decryption key does not sign.
        Assert.Equal(CKR_KEY_FUNCTION_NOT_PERMITTED, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_SHA256_RSA_PKCS), dec)));
    }

    [Fact]
    public void Ecc_EcdsaEd25519AndX25519()
    {
        using var engine = new OpenPgpEngine(Personalised(
            (OpenPgpKeyRef.Signature, "ed25519"), (OpenPgpKeyRef.Decryption, "cv25519"), (OpenPgpKeyRef.Authentication, "nistp384")));
        var session = engine.UserSession();
        var message = "Ed25519 on the card: the whole message"u8.ToArray();

        var ed = Sign(session, new Mechanism(CKM_EDDSA), FindOne(session, CKO_PRIVATE_KEY, 1), message, contextPin: Pw1);
        var edPublic = Asn1OctetString.GetInstance(Attribute(session, FindOne(session, CKO_PUBLIC_KEY, 1), CKA_EC_POINT)).GetOctets();
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(edPublic));
        verifier.BlockUpdate(message, 0, message.Length);
        Assert.True(verifier.VerifySignature(ed));

        var ecdsa = Sign(session, new Mechanism(CKM_ECDSA_SHA384), FindOne(session, CKO_PRIVATE_KEY, 3), message);
        var point = Asn1OctetString.GetInstance(Attribute(session, FindOne(session, CKO_PUBLIC_KEY, 3), CKA_EC_POINT)).GetOctets();
        var domain = ECNamedCurveParameters("secp384r1");
        var check = new ECDsaSigner();
        check.Init(false, new ECPublicKeyParameters(domain.Curve.DecodePoint(point), domain));
        var hash = DigestUtilities.CalculateDigest("SHA-384", message);
        Assert.Equal(96, ecdsa.Length);
        Assert.True(check.VerifySignature(hash, new BigInteger(1, ecdsa[..48]), new BigInteger(1, ecdsa[48..])));

        // X25519 with the decryption key: the engine hands the peer's u-coordinate, the card answers the secret.
        var cardPublic = Asn1OctetString.GetInstance(Attribute(session, FindOne(session, CKO_PUBLIC_KEY, 2), CKA_EC_POINT)).GetOctets();
        var peer = new X25519KeyPairGenerator();
        peer.Init(new X25519KeyGenerationParameters(Random));
        var pair = peer.GenerateKeyPair();
        var expected = new byte[32];
        var agreement = new X25519Agreement();
        agreement.Init(pair.Private);
        agreement.CalculateAgreement(new X25519PublicKeyParameters(cardPublic), expected, 0);
        var peerPublic = ((X25519PublicKeyParameters)pair.Public).GetEncoded();
        ulong derived = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DeriveKey(session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peerPublic)),
            FindOne(session, CKO_PRIVATE_KEY, 2), [Class(CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_GENERIC_SECRET)], out derived)));
        Assert.Equal(expected, Attribute(session, derived, CKA_VALUE));
    }

    [Fact]
    public void Ecdh_NistP256DecryptionKey()
    {
        using var engine = new OpenPgpEngine(Personalised((OpenPgpKeyRef.Decryption, "nistp256")));
        var session = engine.UserSession();
        var point = Asn1OctetString.GetInstance(Attribute(session, FindOne(session, CKO_PUBLIC_KEY, 2), CKA_EC_POINT)).GetOctets();
        var domain = ECNamedCurveParameters("secp256r1");
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(domain, Random));
        var peer = generator.GenerateKeyPair();
        var agreement = new ECDHBasicAgreement();
        agreement.Init(peer.Private);
        var z = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32,
            agreement.CalculateAgreement(new ECPublicKeyParameters(domain.Curve.DecodePoint(point), domain)));
        ulong derived = 0;
        var peerPoint = ((ECPublicKeyParameters)peer.Public).Q.GetEncoded(false);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DeriveKey(session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peerPoint)),
            FindOne(session, CKO_PRIVATE_KEY, 2), [Class(CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_GENERIC_SECRET)], out derived)));
        Assert.Equal(z, Attribute(session, derived, CKA_VALUE));
    }

    [Fact]
    public void Generation_ByCkaId_AsTheSo_AsGnuPgDoes_ReplacesTheSlotsObjects()
    {
        var card = Personalised((OpenPgpKeyRef.Authentication, "rsa2048"));
        using var engine = new OpenPgpEngine(card);
        var user = engine.UserSession();
        var mechanism = new Mechanism(CKM_EC_KEY_PAIR_GEN);
        CkAttribute[] pub = [new(CKA_EC_PARAMS, [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]), new(CKA_ID, [3])];
        CkAttribute[] priv = [new(CKA_ID, [3]), Bool(CKA_SIGN, true)];
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.GenerateKeyPair(user, mechanism, pub, priv, out _, out _)));
        Assert.Single(Find(user, Class(CKO_PRIVATE_KEY), new CkAttribute(CKA_ID, [3])));
        Assert.Equal(CKR_OK, Cryptoki.Logout(user));

        var so = engine.SoSession();
        Assert.Equal(CKR_TEMPLATE_INCOMPLETE, Rv(() => Cryptoki.GenerateKeyPair(so, mechanism, pub[..1], [Bool(CKA_SIGN, true)], out _, out _)));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Rv(() => Cryptoki.GenerateKeyPair(so, mechanism, [pub[0], new(CKA_ID, [4])], [new(CKA_ID, [4])], out _, out _)));
        ulong publicKey = 0, privateKey = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.GenerateKeyPair(so, mechanism, pub, priv, out publicKey, out privateKey)));
        Assert.Equal(AttributeCodec.ULong(CKK_EC), Attribute(so, publicKey, CKA_KEY_TYPE));
        Assert.Equal([3], Attribute(so, publicKey, CKA_ID));
        Assert.Equal("Authentication key", Utf8(so, publicKey, CKA_LABEL));
        // The RSA key that was in the slot is gone from the token, not listed beside the new one.
        Assert.Equal([publicKey], Find(so, Class(CKO_PUBLIC_KEY), new CkAttribute(CKA_ID, [3])));

        // As GnuPG: attributes, key, fingerprint and time on the card; the fingerprint is the new key's.
        var driver = OpenPgpDriver.Connect(engine.Card);
        var data = driver.ApplicationData;
        Assert.Equal("nistp256", data.AttributesOf(OpenPgpKeyRef.Authentication).ToString());
        Assert.Equal(OpenPgpSpec.KeyStatus.Generated, data.KeyStatus[2]);
        var time = data.GenerationTimes[2];
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - time, 0, 60);
        Assert.Equal(OpenPgpFingerprint.Compute(driver.ReadPublicKey(OpenPgpKeyRef.Authentication)!, time), data.FingerprintOf(OpenPgpKeyRef.Authentication));

        // Ed25519 in the decryption slot does not fit; X25519 does; RSA-4096 where the card offers it.
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Rv(() => Cryptoki.GenerateKeyPair(so, new Mechanism(CKM_EC_EDWARDS_KEY_PAIR_GEN),
            [new(CKA_EC_PARAMS, Curve25519Parameters.Ed25519Oid), new(CKA_ID, [2])], [new(CKA_ID, [2])], out _, out _)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.GenerateKeyPair(so, new Mechanism(CKM_EC_MONTGOMERY_KEY_PAIR_GEN),
            [new(CKA_EC_PARAMS, Curve25519Parameters.X25519Oid), new(CKA_ID, [2])], [new(CKA_ID, [2]), Bool(CKA_DERIVE, true)], out _, out _)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.GenerateKeyPair(so, new Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN),
            [ULong(CKA_MODULUS_BITS, 3072), new(CKA_ID, [1])], [new(CKA_ID, [1])], out _, out _)));
        Assert.Equal(3, Find(so, Class(CKO_PUBLIC_KEY)).Length);
        Assert.Equal(CKR_KEY_SIZE_RANGE, Rv(() => Cryptoki.GenerateKeyPair(so, new Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN),
            [ULong(CKA_MODULUS_BITS, 1024), new(CKA_ID, [1])], [new(CKA_ID, [1])], out _, out _)));
    }

    [Fact]
    public void Certificates_CreatedForASlot_ListedAndDestroyed_KeysAreNotDestroyable()
    {
        using var engine = new OpenPgpEngine(Personalised((OpenPgpKeyRef.Signature, "nistp256"), (OpenPgpKeyRef.Authentication, "nistp256")));
        var so = engine.SoSession();
        var der = SelfSigned();
        CkAttribute[] template =
        [
            Class(CKO_CERTIFICATE), ULong(CKA_CERTIFICATE_TYPE, 0 /* CKC_X_509 */), Bool(CKA_TOKEN, true),
            new(CKA_VALUE, der), new(CKA_ID, [3]), new(CKA_LABEL, "mine"u8.ToArray()),
        ];
        ulong handle = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.CreateObject(so, template, out handle)));
        Assert.Equal("Cardholder certificate", Utf8(so, handle, CKA_LABEL));
        Assert.Equal(der, Attribute(so, handle, CKA_VALUE));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.CreateObject(so, [.. template[..4], new(CKA_ID, [1])], out _)));
        Assert.Equal(2, Find(so, Class(CKO_CERTIFICATE)).Length);

        Assert.Equal(CKR_ACTION_PROHIBITED, Rv(() => Cryptoki.DestroyObject(so, FindOne(so, CKO_PUBLIC_KEY, 1))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DestroyObject(so, handle)));
        Assert.Single(Find(so, Class(CKO_CERTIFICATE)));
        Assert.Equal(CKR_OK, Cryptoki.CloseSession(so));

        // Another process (a fresh module) sees the card as it is now.
        Cryptoki.Finalize(true);
        engine.Initialize();
        var session = engine.Session();
        var left = Assert.Single(Find(session, Class(CKO_CERTIFICATE)));
        Assert.Equal([1], Attribute(session, left, CKA_ID));
        Assert.Equal(der, Attribute(session, left, CKA_VALUE));
    }

    [Fact]
    public void Pins_WrongPinCountsDown_ChangeAndInitPinWithTheSo()
    {
        using var engine = new OpenPgpEngine(new OpenPgpEmulatorTransport(5));
        var session = engine.Session();
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_USER, "654321"u8.ToArray())));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out var info));
        Assert.Equal(CKF_USER_PIN_COUNT_LOW, info.Flags & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED));
        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.Login(session, CKU_USER, "12345"u8.ToArray())));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SetPin(session, Pw1, "new pin 1"u8.ToArray())));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        Assert.Equal(CKR_PIN_LOCKED, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out info));
        Assert.Equal(CKF_USER_PIN_LOCKED, info.Flags & CKF_USER_PIN_LOCKED);

        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.Login(session, CKU_SO, "1234567"u8.ToArray())));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Pw3)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.InitPin(session, "unblocked"u8.ToArray())));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SetPin(session, Pw3, "admin pin 2"u8.ToArray())));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, "unblocked"u8.ToArray())));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, "admin pin 2"u8.ToArray())));
    }

    [Fact]
    public void Logout_ForgetsWhatTheModuleVerified_LeavesWhatAnotherProgramHadVerified()
    {
        using var engine = new OpenPgpEngine(new OpenPgpEmulatorTransport(6));
        var other = OpenPgpDriver.Connect(engine.Card);
        var session = engine.Session();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        Assert.Null(other.GetStatus(OpenPgpPassword.Pw1).TriesLeft);
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(3, other.GetStatus(OpenPgpPassword.Pw1).TriesLeft);

        // scdaemon with pcsc-shared keeps PW1 (82) verified between its operations: a login and logout here keep it so.
        other.Verify(OpenPgpPassword.Pw1, Pw1);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Null(other.GetStatus(OpenPgpPassword.Pw1).TriesLeft);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Pw3)));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(3, other.GetStatus(OpenPgpPassword.Pw3).TriesLeft);
        Assert.Null(other.GetStatus(OpenPgpPassword.Pw1).TriesLeft);
    }

    [Fact]
    public void InitToken_IsAFactoryReset_WithPw3_TheLabelBecomesTheCardholdersName()
    {
        using var engine = new OpenPgpEngine(Personalised((OpenPgpKeyRef.Signature, "rsa2048")));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.InitToken(engine.Slot, "87654321"u8.ToArray(), "Alice Liddell")));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.InitToken(engine.Slot, Pw3, "Alice Liddell")));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(Assert.Single(slots), out var info));
        Assert.Equal("Alice Liddell", info.Label);
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(slots[0], CKF_SERIAL_SESSION, out var session));
        Assert.Empty(Find(session));
        Assert.Equal("Liddell<<Alice", System.Text.Encoding.UTF8.GetString(OpenPgpDriver.Connect(engine.Card).ReadCardholderData().Name));
    }

    [Fact]
    public void ApduEconomy_ListTokens2_ListObjects6_LoginAndOneSignature7_Cold_TheSequencesPinned()
    {
        var card = Personalised((OpenPgpKeyRef.Signature, "rsa2048"), (OpenPgpKeyRef.Decryption, "rsa2048"), (OpenPgpKeyRef.Authentication, "rsa2048"));
        var setup = OpenPgpDriver.Connect(card);
        setup.Verify(OpenPgpPassword.Pw3, Pw3);
        setup.WriteCertificate(OpenPgpKeyRef.Authentication, SelfSigned());
        card.Reset();

        // (a) C_Initialize, C_GetSlotList, C_GetTokenInfo: 6E (once; a standalone card has OpenPGP selected at reset,
        // no SELECT), 65 (the label).
        var before = card.Exchanges.Count;
        using (var engine = new OpenPgpEngine(card))
        {
            Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out _));
            Assert.Equal(["00CA006E", "00CA0065"], Commands(card, before));

            // (b) every object visible without login, CLASS/LABEL/ID of each and the certificates' values: SELECT DATA,
            // GET DATA 7F21, GET NEXT DATA twice. A standalone card (its ATR) needs no selection check.
            var session = engine.Session(readWrite: false);
            foreach (var h in Find(session))
            {
                Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(session, h, [CKA_CLASS, CKA_LABEL, CKA_ID], out _));
                if (ULongAttribute(session, h, CKA_CLASS) == CKO_CERTIFICATE) Attribute(session, h, CKA_VALUE);
            }
            Assert.Equal(["00CA006E", "00CA0065", "00A50004+", "00CA7F21", "00CC7F21", "00CC7F21"], Commands(card, before));
        }
        card.Reset();

        // (c) login, find the signature key, one signature (with its per-signature PIN), finalize: the empty VERIFY 82
        // (verified by another program already?), VERIFY 82, no C4 after it, VERIFY 81, PSO:CDS, and at the end VERIFY
        // FF 82 only (the card forgot 81 with the signature).
        before = card.Exchanges.Count;
        using (var engine = new OpenPgpEngine(card))
        {
            Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out _));
            var session = engine.UserSession();
            Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out _));
            var key = FindOne(session, CKO_PRIVATE_KEY, 1);
            Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), key, "one"u8.ToArray(), contextPin: Pw1);
            Assert.Equal(CKR_OK, Cryptoki.CloseAllSessions(engine.Slot));
        }
        Assert.Equal(["00CA006E", "00CA0065", "00200082", "00200082+", "00200081+", "002A9E9A+", "0020FF82"], Commands(card, before));
    }

    [Fact]
    public void OnACardWithOtherApplications_EachTransactionChecksTheSelectionWithAnEmptyVerify_SelectsOnlyWhenAnotherIsSelected()
    {
        var card = new OpenPgpEmulatorTransport(0x5150, atr: Convert.FromHexString("3B8C80018031C0640000000000000000000000C0")); // no standalone OpenPGP ATR
        var driver = OpenPgpDriver.Connect(card);
        var before = card.Exchanges.Count;
        driver.ReadPwStatus();
        driver.ReadPwStatus();
        Assert.Equal(["00200082", "00CA00C4", "00200082", "00CA00C4"], Commands(card, before));

        // Another program selects the card manager between our transactions: the check fails, we SELECT.
        Assert.Equal(0x90, card.Transmit(Convert.FromHexString("00A4040008A000000003000000"))[^2]);
        before = card.Exchanges.Count;
        driver.Verify(OpenPgpPassword.Pw1, Pw1);
        Assert.Equal(["00200082", "00A40400+", "00200082+"], Commands(card, before));

        // The check's answer says PW1 is verified: the status query of the same transaction sends nothing more.
        before = card.Exchanges.Count;
        using (driver.BeginTransaction())
            Assert.Null(driver.GetStatus(OpenPgpPassword.Pw1).TriesLeft);
        Assert.Equal(["00200082"], Commands(card, before));
    }

    /// <summary>The commands sent since exchange <paramref name="from"/>: CLA INS P1 P2, "+" when data follows.</summary>
    private static string[] Commands(OpenPgpEmulatorTransport card, int from) =>
        card.Exchanges.Skip(from).Select(e => Convert.ToHexString(e.Command, 0, 4) + (HasData(e.Command) ? "+" : "")).ToArray();

    private static bool HasData(byte[] command) =>
        command.Length > 5 && !(command[4] == 0 && command.Length == 7);

    [Fact]
    public void ATerminatedCard_IsAnUninitialisedToken_InitTokenBringsItBack()
    {
        var card = new OpenPgpEmulatorTransport(9);
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        card.Transmit(Convert.FromHexString("00E60000")); // TERMINATE DF
        card.Reset();
        using var engine = new OpenPgpEngine(card);
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(engine.Slot, out var info));
        Assert.Equal(0UL, info.Flags & CKF_TOKEN_INITIALIZED);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.InitToken(engine.Slot, Pw3, "")));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(Assert.Single(slots), out info));
        Assert.Equal(CKF_TOKEN_INITIALIZED, info.Flags & CKF_TOKEN_INITIALIZED);
    }

    private static string Utf8(ulong session, ulong handle, ulong type) => System.Text.Encoding.UTF8.GetString(Attribute(session, handle, type));

    private static RsaKeyParameters Rsa(ulong session, ulong publicKey) =>
        new(false, new BigInteger(1, Attribute(session, publicKey, CKA_MODULUS)), new BigInteger(1, Attribute(session, publicKey, CKA_PUBLIC_EXPONENT)));

    private static bool VerifyRsa(RsaKeyParameters key, byte[] message, byte[] signature)
    {
        var signer = new RsaDigestSigner(new Sha256Digest());
        signer.Init(false, key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.VerifySignature(signature);
    }

    private static ECDomainParameters ECNamedCurveParameters(string name)
    {
        var x9 = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName(name);
        return new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
    }

    /// <summary>A throwaway self-signed P-256 certificate.</summary>
    private static byte[] SelfSigned()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, Random));
        var pair = generator.GenerateKeyPair();
        var builder = new Org.BouncyCastle.X509.X509V3CertificateGenerator();
        var name = new Org.BouncyCastle.Asn1.X509.X509Name("CN=OpenPGP card test");
        builder.SetSerialNumber(BigInteger.One);
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        builder.SetNotAfter(DateTime.UtcNow.AddDays(30));
        builder.SetPublicKey(pair.Public);
        return builder.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHECDSA", pair.Private)).GetEncoded();
    }
}
