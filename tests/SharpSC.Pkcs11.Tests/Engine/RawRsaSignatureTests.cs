using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// Signatures on a card that computes raw RSA only (PIV, MyEID): the host builds the PKCS#1 v1.5 block and the
/// EMSA-PSS encoding with whatever salt and MGF the caller's parameters ask; the card exponentiates.
/// Every signature is checked by BouncyCastle against the public key, and the block the card got is checked.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class RawRsaSignatureTests : IDisposable
{
    private static readonly SoftwareKey RsaKey = SoftwareKey.Rsa(0x01);
    private readonly EngineHarness _engine;
    private readonly ulong _session;
    private readonly ulong _key;

    public RawRsaSignatureTests()
    {
        var card = new SoftwareCard { Capabilities = RawRsaCard() };
        card.Keys.Add(RsaKey);
        _engine = new EngineHarness(card);
        _session = _engine.UserSession();
        _key = _engine.PrivateKey(_session, 0x01);
    }

    private RsaKeyParameters Public => (RsaKeyParameters)RsaKey.Public;

    [Fact]
    public void The_mechanism_list_offers_what_host_padding_makes_possible()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismList(_engine.Slot, out var mechanisms));
        foreach (var m in new[] { CKM_RSA_PKCS, CKM_SHA256_RSA_PKCS, CKM_RSA_PKCS_PSS, CKM_SHA512_RSA_PKCS_PSS, CKM_RSA_X_509, CKM_RSA_PKCS_OAEP })
            Assert.Contains(m, mechanisms);
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_RSA_X_509, out var x509));
        Assert.Equal(CKF_SIGN | CKF_VERIFY | CKF_ENCRYPT | CKF_DECRYPT | CKF_HW, x509.Flags);
        Assert.Equal((1024UL, 4096UL), (x509.MinKeySize, x509.MaxKeySize));
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_RSA_PKCS_OAEP, out var oaep));
        Assert.Equal(CKF_ENCRYPT | CKF_DECRYPT | CKF_HW, oaep.Flags);
    }

    [Fact]
    public void Pkcs1_with_hash_is_a_type_1_block_around_the_DigestInfo()
    {
        var data = "signed on the host's behalf"u8.ToArray();
        var signature = Sign(_session, new Mechanism(CKM_SHA256_RSA_PKCS), _key, data);

        var (kind, block) = Assert.Single(_engine.Card.Signatures);
        Assert.Equal(CardSignature.RsaRaw, kind);
        Assert.Equal(256, block.Length);
        Assert.Equal(new byte[] { 0x00, 0x01, 0xFF }, block[..3]);
        var verifier = new RsaDigestSigner(new Sha256Digest());
        verifier.Init(false, Public);
        verifier.BlockUpdate(data, 0, data.Length);
        Assert.True(verifier.VerifySignature(signature));
        Assert.Equal(CKR_OK, Verify(_session, new Mechanism(CKM_SHA256_RSA_PKCS), _engine.PublicKey(_session, 0x01), data, signature));
    }

    [Fact]
    public void Raw_Pkcs1_signs_up_to_k_minus_11_bytes()
    {
        var input = Enumerable.Range(0, 245).Select(i => (byte)i).ToArray();
        var signature = Sign(_session, new Mechanism(CKM_RSA_PKCS), _key, input);
        var cipher = new Pkcs1Encoding(new RsaEngine());
        cipher.Init(false, Public);
        Assert.Equal(input, cipher.ProcessBlock(signature, 0, signature.Length));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_RSA_PKCS), _key)));
        Assert.Equal(CKR_DATA_LEN_RANGE, Rv(() => Cryptoki.Sign(_session, new byte[246], OutputRequest.Buffer(256)).Rv));
    }

    [Theory]
    [InlineData(CKM_SHA256, CKG_MGF1_SHA256, 32UL)]
    [InlineData(CKM_SHA256, CKG_MGF1_SHA256, 0UL)]
    [InlineData(CKM_SHA256, CKG_MGF1_SHA1, 20UL)]
    [InlineData(CKM_SHA384, CKG_MGF1_SHA512, 100UL)]
    [InlineData(CKM_SHA512, CKG_MGF1_SHA512, 256UL - 64 - 2)] // the largest salt of a 2048-bit key (RFC 8017 §9.1.1)
    [InlineData(CKM_SHA_1, CKG_MGF1_SHA256, 1UL)]
    public void Pss_takes_any_salt_and_mgf_the_parameters_ask(ulong hash, ulong mgf, ulong salt)
    {
        var data = "PSS on a raw card"u8.ToArray();
        var mechanismType = hash switch
        {
            CKM_SHA_1 => CKM_SHA1_RSA_PKCS_PSS,
            CKM_SHA256 => CKM_SHA256_RSA_PKCS_PSS,
            CKM_SHA384 => CKM_SHA384_RSA_PKCS_PSS,
            _ => CKM_SHA512_RSA_PKCS_PSS,
        };
        var mechanism = new Mechanism(mechanismType, new PssParameters(hash, mgf, salt));
        var signature = Sign(_session, mechanism, _key, data);

        var verifier = new PssSigner(new RsaEngine(), Digests.Create(hash), Digests.Create(Digests.HashForMgf1(mgf)), (int)salt);
        verifier.Init(false, Public);
        verifier.BlockUpdate(data, 0, data.Length);
        Assert.True(verifier.VerifySignature(signature));
        Assert.Equal(CKR_OK, Verify(_session, mechanism, _engine.PublicKey(_session, 0x01), data, signature));
        Assert.Equal(CardSignature.RsaRaw, Assert.Single(_engine.Card.Signatures).Kind);
    }

    [Fact]
    public void Pss_on_a_prehashed_input_and_a_salt_too_large_for_the_key()
    {
        var hash = Digests.Hash(CKM_SHA256, "message"u8);
        var mechanism = new Mechanism(CKM_RSA_PKCS_PSS, new PssParameters(CKM_SHA256, CKG_MGF1_SHA256, 32));
        var signature = Sign(_session, mechanism, _key, hash);
        var verifier = PssSigner.CreateRawSigner(new RsaEngine(), new Sha256Digest(), new Sha256Digest(), 32, PssSigner.TrailerImplicit);
        verifier.Init(false, Public);
        verifier.BlockUpdate(hash, 0, hash.Length);
        Assert.True(verifier.VerifySignature(signature));

        var tooLarge = new Mechanism(CKM_RSA_PKCS_PSS, new PssParameters(CKM_SHA256, CKG_MGF1_SHA256, 256 - 32 - 1));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Rv(() => Cryptoki.SignInit(_session, tooLarge, _key)));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(_session, mechanism, _key)));
        Assert.Equal(CKR_DATA_LEN_RANGE, Rv(() => Cryptoki.Sign(_session, new byte[31], OutputRequest.Buffer(256)).Rv));
    }

    [Fact]
    public void X509_exponentiates_the_callers_block_and_refuses_one_above_the_modulus()
    {
        var block = new byte[200];
        block[0] = 0x42;
        block[^1] = 0x01;
        var signature = Sign(_session, new Mechanism(CKM_RSA_X_509), _key, block);
        Assert.Equal(256, signature.Length);
        var engine = new RsaEngine();
        engine.Init(false, Public);
        Assert.Equal(block, engine.ProcessBlock(signature, 0, signature.Length));
        Assert.Equal(CKR_OK, Verify(_session, new Mechanism(CKM_RSA_X_509), _engine.PublicKey(_session, 0x01), block, signature));
        Assert.Equal(CKR_SIGNATURE_INVALID, Verify(_session, new Mechanism(CKM_RSA_X_509), _engine.PublicKey(_session, 0x01), [.. block[..^1], 0x02], signature));

        var cardCalls = _engine.Card.Signatures.Count;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_RSA_X_509), _key)));
        Assert.Equal(CKR_DATA_INVALID, Rv(() => Cryptoki.Sign(_session, Enumerable.Repeat((byte)0xFF, 256).ToArray(), OutputRequest.Buffer(256)).Rv));
        Assert.Equal(cardCalls, _engine.Card.Signatures.Count);
    }

    [Fact]
    public void A_length_query_costs_no_card_call_and_keeps_the_operation()
    {
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(_session, new Mechanism(CKM_SHA384_RSA_PKCS), _key)));
        var query = Cryptoki.Sign(_session, "x"u8, OutputRequest.Query);
        Assert.Equal((CKR_OK, 256UL), (query.Rv, query.Length));
        var small = Cryptoki.Sign(_session, "x"u8, OutputRequest.Buffer(10));
        Assert.Equal(CKR_BUFFER_TOO_SMALL, small.Rv);
        Assert.Empty(_engine.Card.Signatures);
        Assert.Equal(CKR_OK, Cryptoki.Sign(_session, "x"u8, OutputRequest.Buffer(256)).Rv);
    }

    public void Dispose() => _engine.Dispose();
}
