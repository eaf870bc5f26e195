using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// Logins beyond a plain user PIN: an SO whose secret is a management key in hex (PIV as ykcs11 does it),
/// writes that need the SO, and the per-use PIN of a CKA_ALWAYS_AUTHENTICATE key in the order PKCS#11 3.0
/// §5.6 and §5.11 give it: C_SignInit, C_Login(CKU_CONTEXT_SPECIFIC), C_Sign.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class LoginTests : IDisposable
{
    private readonly EngineHarness _engine;

    public LoginTests()
    {
        var card = new SoftwareCard { Capabilities = RawRsaCard(keyGeneration: true), WriteAuthority = UserRole.SecurityOfficer };
        card.Keys.Add(SoftwareKey.Ec(0x01));
        card.Keys.Add(SoftwareKey.Ec(0x02, alwaysAuthenticate: true));
        _engine = new EngineHarness(card);
    }

    private static byte[] A(string s) => SoftwareCard.Ascii(s);

    private static CkAttribute ULong(ulong type, ulong value) => new(type, AttributeCodec.ULong(value));

    [Fact]
    public void The_so_secret_goes_to_the_card_as_given_whatever_its_length()
    {
        var session = _engine.OpenSession();
        var aes256Hex = new string('a', 64);
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_SO, A(aes256Hex))));
        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.Login(session, CKU_SO, A("0102"))));
        Assert.Equal(CKR_PIN_INVALID, Rv(() => Cryptoki.Login(session, CKU_SO, A(new string('x', 48)))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, A(SoftwareCard.DefaultManagementKeyHex))));
        Assert.Equal([A(aes256Hex), A("0102"), A(new string('x', 48)), A(SoftwareCard.DefaultManagementKeyHex)], _engine.Card.SoSecrets);
        Assert.Equal(CKR_OK, Cryptoki.GetSessionInfo(session, out var info));
        Assert.Equal(Constants.CKS.CKS_RW_SO_FUNCTIONS, info.State);
    }

    [Fact]
    public void Writes_need_the_so_where_the_token_says_so()
    {
        var session = _engine.UserSession();
        var mechanism = new Mechanism(CKM_EC_EDWARDS_KEY_PAIR_GEN);
        CkAttribute[] pub = [new(CKA_EC_PARAMS, [0x13, 0x0C, .. "edwards25519"u8]), new(CKA_ID, [0x03])];
        CkAttribute[] priv = [new(CKA_ID, [0x03]), new(CKA_SIGN, AttributeCodec.Bool(true))];
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.GenerateKeyPair(session, mechanism, pub, priv, out _, out _)));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, A(SoftwareCard.DefaultManagementKeyHex))));
        ulong publicKey = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.GenerateKeyPair(session, mechanism, pub, priv, out publicKey, out _)));
        var request = Assert.Single(_engine.Card.Generated);
        Assert.Equal((KeyKind.EcEdwards, 255, (byte)0x03), (request.Kind, request.Bits, request.Id![0]));
        Assert.Equal(Curve25519Parameters.Ed25519Oid, request.CurveOid);
        Assert.Equal(AttributeCodec.ULong(CKK_EC_EDWARDS), Attribute(session, publicKey, CKA_KEY_TYPE));
        Assert.Equal(_engine.Card.Key(0x03).Material.EcPoint, Attribute(session, publicKey, CKA_EC_POINT));
    }

    [Fact]
    public void An_always_authenticate_key_signs_after_a_context_specific_login_each_time()
    {
        var session = _engine.UserSession();
        var key = _engine.PrivateKey(session, 0x02);
        var ecdsa = new Mechanism(CKM_ECDSA_SHA256);
        Assert.Equal(AttributeCodec.Bool(true), Attribute(session, key, CKA_ALWAYS_AUTHENTICATE));

        // No operation waiting for it.
        Assert.Equal(CKR_OPERATION_NOT_INITIALIZED, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, A("123456"))));

        // C_Sign without the context login: refused without asking the card, and the operation ends.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, ecdsa, key)));
        Assert.Equal(64UL, Cryptoki.Sign(session, "m"u8, OutputRequest.Query).Length); // a length query needs no PIN
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.Sign(session, "m"u8, OutputRequest.Buffer(64)).Rv));
        Assert.Equal(CKR_OPERATION_NOT_INITIALIZED, Rv(() => Cryptoki.Sign(session, "m"u8, OutputRequest.Buffer(64)).Rv));
        Assert.Empty(_engine.Card.Signatures);

        // A wrong PIN leaves the operation waiting; the right one lets exactly one signature through.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, ecdsa, key)));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, A("654321"))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, A("123456"))));
        Assert.Equal(CKR_OK, Cryptoki.Sign(session, "m"u8, OutputRequest.Buffer(64)).Rv);
        Assert.Equal(["02", "02"], _engine.Card.ContextLogins);

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, ecdsa, key)));
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.Sign(session, "m"u8, OutputRequest.Buffer(64)).Rv));
        Assert.Single(_engine.Card.Signatures);

        // Keys without the attribute sign without it.
        Assert.Equal(64, Sign(session, ecdsa, _engine.PrivateKey(session, 0x01), "m"u8.ToArray()).Length);
    }

    [Fact]
    public void An_always_authenticate_decryption_key_decrypts_after_a_context_specific_login()
    {
        var key = SoftwareKey.Rsa(0x03, alwaysAuthenticate: true);
        _engine.Card.Keys.Add(key);
        var session = _engine.UserSession();
        var handle = _engine.PrivateKey(session, 0x03);
        var cipher = new Org.BouncyCastle.Crypto.Encodings.Pkcs1Encoding(new Org.BouncyCastle.Crypto.Engines.RsaEngine());
        cipher.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(key.Public, new Org.BouncyCastle.Security.SecureRandom()));
        var ciphertext = cipher.ProcessBlock([1, 2, 3], 0, 3);

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DecryptInit(session, new Mechanism(CKM_RSA_PKCS), handle)));
        Assert.Equal(256UL, Cryptoki.Decrypt(session, ciphertext, OutputRequest.Query).Length);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, A("123456"))));
        Assert.Equal([1, 2, 3], Cryptoki.Decrypt(session, ciphertext, OutputRequest.Buffer(256)).Data);
        Assert.Equal(["03"], _engine.Card.ContextLogins);

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DecryptInit(session, new Mechanism(CKM_RSA_PKCS), handle)));
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.Decrypt(session, ciphertext, OutputRequest.Buffer(256)).Rv));
        Assert.Single(_engine.Card.Decryptions);
    }

    [Fact]
    public void A_context_login_needs_the_user_logged_in_and_a_pin_of_the_user_pins_length()
    {
        var session = _engine.UserSession();
        var key = _engine.PrivateKey(session, 0x02);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_ECDSA), key)));
        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, A("12"))));
        Assert.Empty(_engine.Card.ContextLogins);
    }

    [Fact]
    public void The_card_refusing_a_signature_after_the_context_login_was_lost_is_not_papered_over()
    {
        // The engine re-presents the login PIN once when the card forgot it, but that does not stand in for
        // the per-use PIN: the card (which wants its own verification for this key) still refuses.
        var session = _engine.UserSession();
        var key = _engine.PrivateKey(session, 0x02);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_ECDSA), key)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, A("123456"))));
        _engine.Card.VerifiedForNextUse.Clear(); // another process reset the card between the two calls
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.Sign(session, new byte[32], OutputRequest.Buffer(64)).Rv));
        Assert.Empty(_engine.Card.Signatures);
    }

    [Fact]
    public void Generation_templates_carry_the_key_slot_curve_and_size()
    {
        var session = _engine.OpenSession();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, A(SoftwareCard.DefaultManagementKeyHex))));
        ulong Generate(ulong mechanism, CkAttribute[] pub, CkAttribute[] priv) =>
            Rv(() => Cryptoki.GenerateKeyPair(session, new Mechanism(mechanism), pub, priv, out _, out _));

        Assert.Equal(CKR_OK, Generate(CKM_EC_KEY_PAIR_GEN, [new(CKA_EC_PARAMS, [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23])], [new(CKA_ID, [0x01])]));
        Assert.Equal(CKR_OK, Generate(CKM_RSA_PKCS_KEY_PAIR_GEN, [ULong(CKA_MODULUS_BITS, 1024), new(CKA_ID, [0x02])], []));
        Assert.Equal(CKR_OK, Generate(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, [new(CKA_EC_PARAMS, Curve25519Parameters.X25519Oid)],
            [new(CKA_ID, [0x04]), new(CKA_DERIVE, AttributeCodec.Bool(true))]));
        Assert.Collection(_engine.Card.Generated,
            r => Assert.Equal((KeyKind.Ec, 521, (byte)0x01), (r.Kind, r.Bits, r.Id![0])),
            r => Assert.Equal((KeyKind.Rsa, 1024, (byte)0x02), (r.Kind, r.Bits, r.Id![0])),
            r => Assert.Equal((KeyKind.EcMontgomery, KeyUsage.Derive, (byte)0x04), (r.Kind, r.PrivateUsage, r.Id![0])));

        Assert.Equal(CKR_CURVE_NOT_SUPPORTED, Generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, [new(CKA_EC_PARAMS, Curve25519Parameters.X25519Oid)], [new(CKA_ID, [0x03])]));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, [new(CKA_EC_PARAMS, Curve25519Parameters.Ed25519Oid)],
            [new(CKA_ID, [0x03]), new(CKA_DERIVE, AttributeCodec.Bool(true))]));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Generate(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, [new(CKA_EC_PARAMS, Curve25519Parameters.X25519Oid)],
            [new(CKA_ID, [0x03]), new(CKA_SIGN, AttributeCodec.Bool(true))]));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, [ULong(CKA_KEY_TYPE, CKK_EC), new(CKA_EC_PARAMS, Curve25519Parameters.Ed25519Oid)], []));
        Assert.Equal(CKR_KEY_SIZE_RANGE, Generate(CKM_RSA_PKCS_KEY_PAIR_GEN, [ULong(CKA_MODULUS_BITS, 8192), new(CKA_ID, [0x02])], []));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Generate(CKM_EC_KEY_PAIR_GEN, [new(CKA_EC_PARAMS, [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07])],
            [new(CKA_ID, [0x09])])); // the card's answer: no key slot 09
        Assert.Equal(3, _engine.Card.Generated.Count);
    }

    [Fact]
    public void An_ed25519_private_key_is_imported_into_the_slot_its_id_names()
    {
        var session = _engine.OpenSession();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, A(SoftwareCard.DefaultManagementKeyHex))));
        var seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        CkAttribute[] template =
        [
            ULong(CKA_CLASS, CKO_PRIVATE_KEY), ULong(CKA_KEY_TYPE, CKK_EC_EDWARDS), new(CKA_TOKEN, AttributeCodec.Bool(true)),
            new(CKA_EC_PARAMS, [0x13, 0x0C, .. "edwards25519"u8]), new(CKA_VALUE, seed), new(CKA_ID, [0x03]),
        ];
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.CreateObject(session, template, out _)));
        var expected = new Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        Assert.Equal(KeyMaterialFactory.FromCurve25519(KeyKind.EcEdwards, expected).EcPoint, _engine.Card.Key(0x03).Material.EcPoint);

        CkAttribute[] tooShort = [.. template[..4], new(CKA_VALUE, seed[..31]), new(CKA_ID, [0x03])];
        Assert.Equal(CKR_ATTRIBUTE_VALUE_INVALID, Rv(() => Cryptoki.CreateObject(session, tooShort, out _)));
    }

    public void Dispose() => _engine.Dispose();
}
