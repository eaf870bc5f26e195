using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKD;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// C_DeriveKey with CKM_ECDH1_DERIVE on card keys (P-256, P-384, X25519): the card computes the shared
/// secret, the engine applies the KDF and makes a session secret-key object whose attributes follow the
/// template and the spec's sensitivity rules. Every derived value is checked against BouncyCastle's agreement.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class EcdhDerivationTests : IDisposable
{
    private static readonly SecureRandom Random = new();
    private readonly EngineHarness _engine;
    private readonly ulong _session;

    public EcdhDerivationTests()
    {
        var card = new SoftwareCard { Capabilities = RawRsaCard() };
        card.Keys.Add(SoftwareKey.Ec(0x01, "P-256"));
        card.Keys.Add(SoftwareKey.Ec(0x02, "P-384"));
        card.Keys.Add(SoftwareKey.X25519(0x03));
        card.Keys.Add(SoftwareKey.Ec(0x04, "P-256", usage: KeyUsage.Sign));
        _engine = new EngineHarness(card);
        _session = _engine.UserSession();
    }

    private static CkAttribute ULong(ulong type, ulong value) => new(type, AttributeCodec.ULong(value));

    private static CkAttribute Bool(ulong type, bool value) => new(type, AttributeCodec.Bool(value));

    private static readonly CkAttribute[] GenericSecret = [ULong(CKA_CLASS, CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_GENERIC_SECRET)];

    /// <summary>A peer key on the card key's curve, and what BouncyCastle says the shared x-coordinate is.</summary>
    private (byte[] PeerPoint, byte[] Z) Peer(byte id)
    {
        var cardKey = (ECPrivateKeyParameters)_engine.Card.Key(id).Private;
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(cardKey.Parameters, Random));
        var peer = generator.GenerateKeyPair();
        var agreement = new ECDHBasicAgreement();
        agreement.Init(peer.Private);
        var z = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray((cardKey.Parameters.Curve.FieldSize + 7) / 8,
            agreement.CalculateAgreement(new ECPublicKeyParameters(((ECPublicKeyParameters)_engine.Card.Key(id).Public).Q, cardKey.Parameters)));
        return (((ECPublicKeyParameters)peer.Public).Q.GetEncoded(false), z);
    }

    private ulong Derive(byte id, EcdhParameters parameters, CkAttribute[] template)
    {
        var baseKey = _engine.PrivateKey(_session, id);
        ulong handle = 0;
        var rv = Rv(() => Cryptoki.DeriveKey(_session, new Mechanism(CKM_ECDH1_DERIVE, parameters), baseKey, template, out handle));
        Assert.Equal(CKR_OK, rv);
        return handle;
    }

    [Fact]
    public void Ecdh_with_ckd_null_gives_the_shared_x_coordinate_as_a_readable_generic_secret()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_ECDH1_DERIVE, out var info));
        Assert.Equal(CKF_DERIVE | CKF_HW, info.Flags & (CKF_DERIVE | CKF_HW));
        Assert.Equal((255UL, 521UL), (info.MinKeySize, info.MaxKeySize));

        var (peer, z) = Peer(0x01);
        var key = Derive(0x01, new EcdhParameters(CKD_NULL, [], peer), GenericSecret);

        Assert.Equal(z, Attribute(_session, key, CKA_VALUE));
        Assert.Equal(AttributeCodec.ULong(32), Attribute(_session, key, CKA_VALUE_LEN));
        Assert.Equal(AttributeCodec.ULong(CKO_SECRET_KEY), Attribute(_session, key, CKA_CLASS));
        Assert.Equal(AttributeCodec.Bool(false), Attribute(_session, key, CKA_TOKEN));
        Assert.Equal(AttributeCodec.Bool(false), Attribute(_session, key, CKA_LOCAL));
        Assert.Equal(AttributeCodec.Bool(false), Attribute(_session, key, CKA_ALWAYS_SENSITIVE));
        Assert.Equal(AttributeCodec.Bool(false), Attribute(_session, key, CKA_NEVER_EXTRACTABLE));
        Assert.Equal(Pkcs15.Hashes.Sha1(z)[..3], Attribute(_session, key, CKA_CHECK_VALUE));
        Assert.Equal(peer, Assert.Single(_engine.Card.PeerValues));
    }

    [Fact]
    public void Ckd_null_cuts_the_secret_from_its_leading_end()
    {
        var (peer, z) = Peer(0x02);
        var key = Derive(0x02, new EcdhParameters(CKD_NULL, [], peer), [.. GenericSecret, ULong(CKA_VALUE_LEN, 20)]);
        Assert.Equal(z[^20..], Attribute(_session, key, CKA_VALUE));
    }

    [Theory]
    [InlineData(CKD_SHA1_KDF, 40)]
    [InlineData(CKD_SHA256_KDF, 32)]
    [InlineData(CKD_SHA512_KDF, 100)]
    public void The_x963_kdf_hashes_the_secret_with_a_counter_and_the_shared_info(ulong kdf, int length)
    {
        var (peer, z) = Peer(0x01);
        var sharedInfo = "ECIES shared info"u8.ToArray();
        var key = Derive(0x01, new EcdhParameters(kdf, sharedInfo, peer), [.. GenericSecret, ULong(CKA_VALUE_LEN, (ulong)length)]);

        // ANSI X9.63 §5.6.3: K = Hash(Z ‖ 00000001 ‖ SharedInfo) ‖ Hash(Z ‖ 00000002 ‖ SharedInfo) ‖ ...
        var hash = kdf switch { CKD_SHA1_KDF => CKM_SHA_1, CKD_SHA256_KDF => CKM_SHA256, _ => CKM_SHA512 };
        var expected = new List<byte>();
        for (var counter = 1; expected.Count < length; counter++)
            expected.AddRange(Digests.Hash(hash, [.. z, 0, 0, 0, (byte)counter, .. sharedInfo]));
        Assert.Equal(expected.Take(length).ToArray(), Attribute(_session, key, CKA_VALUE));
    }

    [Fact]
    public void The_peer_point_is_taken_bare_or_DER_wrapped_compressed_or_not()
    {
        var (peer, z) = Peer(0x01);
        var wrapped = new DerOctetString(peer).GetEncoded();
        var compressed = ((ECPrivateKeyParameters)_engine.Card.Key(0x01).Private).Parameters.Curve.DecodePoint(peer).GetEncoded(true);
        foreach (var form in new[] { wrapped, compressed })
        {
            var key = Derive(0x01, new EcdhParameters(CKD_NULL, [], form), GenericSecret);
            Assert.Equal(z, Attribute(_session, key, CKA_VALUE));
            Assert.Equal(peer, _engine.Card.PeerValues[^1]); // the card always gets the uncompressed point
        }
    }

    [Fact]
    public void An_aes_key_needs_its_length_and_gets_its_check_value()
    {
        var (peer, z) = Peer(0x01);
        var template = new[] { ULong(CKA_CLASS, CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_AES), ULong(CKA_VALUE_LEN, 16), Bool(CKA_ENCRYPT, true) };
        var key = Derive(0x01, new EcdhParameters(CKD_NULL, [], peer), template);
        var value = Attribute(_session, key, CKA_VALUE);
        Assert.Equal(z[^16..], value);
        var aes = new Org.BouncyCastle.Crypto.Engines.AesEngine();
        aes.Init(true, new KeyParameter(value));
        var block = new byte[16];
        aes.ProcessBlock(block, 0, block, 0);
        Assert.Equal(block[..3], Attribute(_session, key, CKA_CHECK_VALUE));
        Assert.Equal(AttributeCodec.Bool(true), Attribute(_session, key, CKA_ENCRYPT));

        var baseKey = _engine.PrivateKey(_session, 0x01);
        var noLength = new[] { ULong(CKA_CLASS, CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_AES) };
        Assert.Equal(CKR_TEMPLATE_INCOMPLETE, Rv(() => Cryptoki.DeriveKey(_session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peer)), baseKey, noLength, out _)));
        var badLength = new[] { ULong(CKA_CLASS, CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_AES), ULong(CKA_VALUE_LEN, 20) };
        Assert.Equal(CKR_ATTRIBUTE_VALUE_INVALID, Rv(() => Cryptoki.DeriveKey(_session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peer)), baseKey, badLength, out _)));
    }

    [Fact]
    public void A_sensitive_or_unextractable_key_hides_its_value_and_only_gets_more_protected()
    {
        var (peer, _) = Peer(0x01);
        var key = Derive(0x01, new EcdhParameters(CKD_NULL, [], peer), [.. GenericSecret, Bool(CKA_SENSITIVE, true)]);
        Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(_session, key, [CKA_VALUE, CKA_ALWAYS_SENSITIVE], out var values));
        Assert.Equal(CKR_ATTRIBUTE_SENSITIVE, values[0].Status);
        Assert.Equal(AttributeCodec.Bool(true), values[1].Value);
        Assert.Equal(CKR_ATTRIBUTE_READ_ONLY, Rv(() => Cryptoki.SetAttributeValue(_session, key, [Bool(CKA_SENSITIVE, false)])));

        var open = Derive(0x01, new EcdhParameters(CKD_NULL, [], peer), GenericSecret);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SetAttributeValue(_session, open, [Bool(CKA_EXTRACTABLE, false)])));
        Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(_session, open, [CKA_VALUE, CKA_NEVER_EXTRACTABLE], out values));
        Assert.Equal(CKR_ATTRIBUTE_SENSITIVE, values[0].Status);
        Assert.Equal(AttributeCodec.Bool(false), values[1].Value); // it was extractable once
        Assert.Equal(CKR_ATTRIBUTE_READ_ONLY, Rv(() => Cryptoki.SetAttributeValue(_session, open, [Bool(CKA_EXTRACTABLE, true)])));
    }

    [Fact]
    public void X25519_on_a_montgomery_key_takes_the_32_byte_public_value()
    {
        var peer = new X25519PrivateKeyParameters(Random);
        var agreement = new X25519Agreement();
        agreement.Init(peer);
        var expected = new byte[32];
        agreement.CalculateAgreement(_engine.Card.Key(0x03).Public, expected, 0);

        var key = Derive(0x03, new EcdhParameters(CKD_NULL, [], peer.GeneratePublicKey().GetEncoded()), GenericSecret);
        Assert.Equal(expected, Attribute(_session, key, CKA_VALUE));
        var wrapped = Derive(0x03, new EcdhParameters(CKD_SHA256_KDF, [], [0x04, 0x20, .. peer.GeneratePublicKey().GetEncoded()]),
            [.. GenericSecret, ULong(CKA_VALUE_LEN, 32)]);
        Assert.Equal(Digests.Hash(CKM_SHA256, [.. expected, 0, 0, 0, 1]), Attribute(_session, wrapped, CKA_VALUE));

        var baseKey = _engine.PrivateKey(_session, 0x03);
        // RFC 7748 §6.1: a public value of small order (here 0) gives an all-zero secret, which is refused.
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID,
            Rv(() => Cryptoki.DeriveKey(_session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], new byte[32])), baseKey, GenericSecret, out _)));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID,
            Rv(() => Cryptoki.DeriveKey(_session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], new byte[31])), baseKey, GenericSecret, out _)));
    }

    [Fact]
    public void Everything_the_caller_gave_is_checked_before_the_card_is_asked()
    {
        var (peer, _) = Peer(0x01);
        var baseKey = _engine.PrivateKey(_session, 0x01);
        ulong Try(Mechanism m, ulong key, CkAttribute[] template) => Rv(() => Cryptoki.DeriveKey(_session, m, key, template, out _));
        var ecdh = new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peer));

        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Try(new Mechanism(CKM_ECDH1_DERIVE), baseKey, GenericSecret));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Try(new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [1], peer)), baseKey, GenericSecret));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Try(new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_SHA1_KDF_ASN1, [], peer)), baseKey, GenericSecret));
        var offCurve = (byte[])peer.Clone();
        offCurve[^1] ^= 1;
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Try(new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], offCurve)), baseKey, GenericSecret));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Try(new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], Peer(0x02).PeerPoint)), baseKey, GenericSecret));
        Assert.Equal(CKR_TEMPLATE_INCOMPLETE, Try(new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_SHA256_KDF, [], peer)), baseKey, GenericSecret));
        Assert.Equal(CKR_ATTRIBUTE_VALUE_INVALID, Try(ecdh, baseKey, [.. GenericSecret, ULong(CKA_VALUE_LEN, 33)]));
        Assert.Equal(CKR_ATTRIBUTE_VALUE_INVALID, Try(ecdh, baseKey, [.. GenericSecret, Bool(CKA_TOKEN, true)]));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Try(ecdh, baseKey, [ULong(CKA_CLASS, CKO_PRIVATE_KEY)]));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Try(ecdh, baseKey, [.. GenericSecret, new CkAttribute(CKA_VALUE, new byte[32])]));
        Assert.Equal(CKR_ATTRIBUTE_READ_ONLY, Try(ecdh, baseKey, [.. GenericSecret, Bool(CKA_LOCAL, true)]));
        Assert.Equal(CKR_ATTRIBUTE_TYPE_INVALID, Try(ecdh, baseKey, [.. GenericSecret, new CkAttribute(CKA_MODULUS, [1])]));
        Assert.Equal(CKR_TEMPLATE_INCONSISTENT, Try(ecdh, baseKey, [ULong(CKA_CLASS, CKO_SECRET_KEY), ULong(CKA_KEY_TYPE, CKK_DES3)]));
        Assert.Equal(CKR_KEY_FUNCTION_NOT_PERMITTED, Try(ecdh, _engine.PrivateKey(_session, 0x04), GenericSecret));
        Assert.Equal(CKR_MECHANISM_INVALID, Try(new Mechanism(CKM_ECDH1_COFACTOR_DERIVE, new EcdhParameters(CKD_NULL, [], peer)), baseKey, GenericSecret));
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, Try(ecdh, _engine.PublicKey(_session, 0x01), GenericSecret));
        Assert.Empty(_engine.Card.PeerValues);
    }

    [Fact]
    public void A_derived_key_is_a_key_of_its_session_that_other_operations_refuse_and_closing_the_session_drops()
    {
        var (peer, _) = Peer(0x01);
        var key = Derive(0x01, new EcdhParameters(CKD_NULL, [], peer), [.. GenericSecret, new CkAttribute(CKA_LABEL, "ecdh"u8.ToArray())]);

        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, Rv(() => Cryptoki.EncryptInit(_session, new Mechanism(CKM_RSA_PKCS), key)));
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_ECDSA), key)));

        var template = new[] { ULong(CKA_CLASS, CKO_SECRET_KEY), new CkAttribute(CKA_LABEL, "ecdh"u8.ToArray()) };
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsInit(_session, template));
        Assert.Equal(CKR_OK, Cryptoki.FindObjects(_session, 10, out var found));
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsFinal(_session));
        Assert.Equal([key], found);

        var other = _engine.OpenSession(readWrite: false);
        Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(other, key, [CKA_LABEL], out _)); // session objects are visible to the token's sessions
        Assert.Equal(CKR_OK, Cryptoki.CloseSession(_session));
        Assert.Equal(CKR_OBJECT_HANDLE_INVALID, Rv(() => Cryptoki.GetAttributeValue(other, key, [CKA_LABEL], out _)));
    }

    [Fact]
    public void A_key_can_be_derived_in_a_read_only_session_and_destroyed()
    {
        var (peer, _) = Peer(0x01);
        var readOnly = _engine.OpenSession(readWrite: false);
        var baseKey = _engine.PrivateKey(readOnly, 0x01);
        ulong key = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DeriveKey(readOnly, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peer)), baseKey, GenericSecret, out key)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DestroyObject(readOnly, key)));
        Assert.Equal(CKR_OBJECT_HANDLE_INVALID, Rv(() => Cryptoki.GetAttributeValue(readOnly, key, [CKA_VALUE], out _)));
    }

    [Fact]
    public void Deriving_needs_the_user_logged_in()
    {
        var (peer, _) = Peer(0x01);
        var baseKey = _engine.PrivateKey(_session, 0x01);
        Assert.Equal(CKR_OK, Cryptoki.Logout(_session));
        Assert.Equal(CKR_USER_NOT_LOGGED_IN,
            Rv(() => Cryptoki.DeriveKey(_session, new Mechanism(CKM_ECDH1_DERIVE, new EcdhParameters(CKD_NULL, [], peer)), baseKey, GenericSecret, out _)));
    }

    public void Dispose() => _engine.Dispose();
}
