using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// CKK_EC_EDWARDS (Ed25519) and CKK_EC_MONTGOMERY (X25519) keys: their attributes, CKM_EDDSA signatures made
/// by the card and checked in software, and public keys the caller brings.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class EdwardsKeyTests : IDisposable
{
    // RFC 8032 §7.1 TEST 1: secret key, public key, and the signature of the empty message.
    private static readonly byte[] Seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static readonly byte[] PublicKey = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] EmptyMessageSignature = Convert.FromHexString(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    private readonly EngineHarness _engine;
    private readonly ulong _session;

    public EdwardsKeyTests()
    {
        var card = new SoftwareCard { Capabilities = RawRsaCard() };
        card.Keys.Add(SoftwareKey.Ed25519(0x01, Seed));
        card.Keys.Add(SoftwareKey.X25519(0x02));
        _engine = new EngineHarness(card);
        _session = _engine.UserSession();
    }

    private static CkAttribute ULong(ulong type, ulong value) => new(type, AttributeCodec.ULong(value));

    [Fact]
    public void An_ed25519_key_shows_its_type_curve_and_point()
    {
        var priv = _engine.PrivateKey(_session, 0x01);
        var pub = _engine.PublicKey(_session, 0x01);
        Assert.Equal(AttributeCodec.ULong(CKK_EC_EDWARDS), Attribute(_session, priv, CKA_KEY_TYPE));
        Assert.Equal(AttributeCodec.ULong(CKM_EC_EDWARDS_KEY_PAIR_GEN), Attribute(_session, priv, CKA_KEY_GEN_MECHANISM));
        Assert.Equal(Curve25519Parameters.Ed25519Oid, Attribute(_session, pub, CKA_EC_PARAMS));
        Assert.Equal([0x04, 0x20, .. PublicKey], Attribute(_session, pub, CKA_EC_POINT));
        Assert.Equal(AttributeCodec.Bool(true), Attribute(_session, priv, CKA_SIGN));
        Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(_session, pub, [CKA_MODULUS], out var values));
        Assert.Equal(CKR_ATTRIBUTE_TYPE_INVALID, values[0].Status);

        var x = _engine.PublicKey(_session, 0x02);
        Assert.Equal(AttributeCodec.ULong(CKK_EC_MONTGOMERY), Attribute(_session, x, CKA_KEY_TYPE));
        Assert.Equal(Curve25519Parameters.X25519Oid, Attribute(_session, x, CKA_EC_PARAMS));
        Assert.Equal(AttributeCodec.Bool(true), Attribute(_session, _engine.PrivateKey(_session, 0x02), CKA_DERIVE));
    }

    [Fact]
    public void The_card_signs_pure_ed25519_of_the_whole_message()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_EDDSA, out var info));
        Assert.Equal(CKF_SIGN | CKF_VERIFY | CKF_HW, info.Flags);
        Assert.Equal((255UL, 255UL), (info.MinKeySize, info.MaxKeySize));

        var key = _engine.PrivateKey(_session, 0x01);
        Assert.Equal(EmptyMessageSignature, Sign(_session, new Mechanism(CKM_EDDSA), key, []));

        // Multi-part: the card gets the message once, whole.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_EDDSA, new EdDsaParameters(false, [])), key)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignUpdate(_session, "hello "u8)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignUpdate(_session, "world"u8)));
        var signature = Cryptoki.SignFinal(_session, OutputRequest.Buffer(64)).Data!;
        Assert.Equal(CardSignature.EdDsa, _engine.Card.Signatures[^1].Kind);
        Assert.Equal("hello world"u8.ToArray(), _engine.Card.Signatures[^1].Input);
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(PublicKey));
        verifier.BlockUpdate("hello world"u8.ToArray(), 0, 11);
        Assert.True(verifier.VerifySignature(signature));

        Assert.Equal(CKR_OK, Verify(_session, new Mechanism(CKM_EDDSA), _engine.PublicKey(_session, 0x01), "hello world"u8.ToArray(), signature));
        Assert.Equal(CKR_SIGNATURE_INVALID, Verify(_session, new Mechanism(CKM_EDDSA), _engine.PublicKey(_session, 0x01), "hello World"u8.ToArray(), signature));
        Assert.Equal(CKR_SIGNATURE_LEN_RANGE, Verify(_session, new Mechanism(CKM_EDDSA), _engine.PublicKey(_session, 0x01), [], signature[..63]));
    }

    [Fact]
    public void Prehash_and_context_are_refused_for_the_card_and_verified_in_software()
    {
        var key = _engine.PrivateKey(_session, 0x01);
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_EDDSA, new EdDsaParameters(true, [])), key)));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_EDDSA, new EdDsaParameters(false, [1])), key)));

        var secret = new Ed25519PrivateKeyParameters(Seed);
        var context = "context"u8.ToArray();
        var ctxSigner = new Ed25519ctxSigner(context);
        ctxSigner.Init(true, secret);
        ctxSigner.BlockUpdate([1, 2, 3], 0, 3);
        var ctxSignature = ctxSigner.GenerateSignature();
        var pub = _engine.PublicKey(_session, 0x01);
        Assert.Equal(CKR_OK, Verify(_session, new Mechanism(CKM_EDDSA, new EdDsaParameters(false, context)), pub, [1, 2, 3], ctxSignature));
        Assert.Equal(CKR_SIGNATURE_INVALID, Verify(_session, new Mechanism(CKM_EDDSA), pub, [1, 2, 3], ctxSignature));

        var phSigner = new Ed25519phSigner([]);
        phSigner.Init(true, secret);
        phSigner.BlockUpdate([4, 5], 0, 2);
        Assert.Equal(CKR_OK, Verify(_session, new Mechanism(CKM_EDDSA, new EdDsaParameters(true, [])), pub, [4, 5], phSigner.GenerateSignature()));
    }

    [Fact]
    public void A_public_key_the_caller_brings_verifies_in_either_ec_params_form()
    {
        var secret = new Ed25519PrivateKeyParameters(new SecureRandom());
        var signer = new Ed25519Signer();
        signer.Init(true, secret);
        signer.BlockUpdate([9], 0, 1);
        var signature = signer.GenerateSignature();
        var point = secret.GeneratePublicKey().GetEncoded();
        byte[][] parameters = [Curve25519Parameters.Ed25519Oid, [0x13, 0x0C, .. "edwards25519"u8]];
        byte[][] points = [point, [0x04, 0x20, .. point]];
        foreach (var (ecParams, ecPoint) in parameters.Zip(points))
        {
            var template = new[]
            {
                ULong(CKA_CLASS, CKO_PUBLIC_KEY), ULong(CKA_KEY_TYPE, CKK_EC_EDWARDS),
                new CkAttribute(CKA_EC_PARAMS, ecParams), new CkAttribute(CKA_EC_POINT, ecPoint),
            };
            ulong handle = 0;
            Assert.Equal(CKR_OK, Rv(() => Cryptoki.CreateObject(_session, template, out handle)));
            Assert.Equal(CKR_OK, Verify(_session, new Mechanism(CKM_EDDSA), handle, [9], signature));
        }

        var notOnCurve = new[]
        {
            ULong(CKA_CLASS, CKO_PUBLIC_KEY), ULong(CKA_KEY_TYPE, CKK_EC_EDWARDS),
            new CkAttribute(CKA_EC_PARAMS, Curve25519Parameters.Ed25519Oid), new CkAttribute(CKA_EC_POINT, Enumerable.Repeat((byte)0xFF, 32).ToArray()),
        };
        Assert.Equal(CKR_ATTRIBUTE_VALUE_INVALID, Rv(() => Cryptoki.CreateObject(_session, notOnCurve, out _)));
        var x448 = new[]
        {
            ULong(CKA_CLASS, CKO_PUBLIC_KEY), ULong(CKA_KEY_TYPE, CKK_EC_EDWARDS),
            new CkAttribute(CKA_EC_PARAMS, [0x06, 0x03, 0x2B, 0x65, 0x71]), new CkAttribute(CKA_EC_POINT, new byte[57]),
        };
        Assert.Equal(CKR_CURVE_NOT_SUPPORTED, Rv(() => Cryptoki.CreateObject(_session, x448, out _)));
    }

    public void Dispose() => _engine.Dispose();
}
