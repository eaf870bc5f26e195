using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKZ;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// Decryption on a raw-RSA card: the card answers the whole block and the host removes PKCS#1 v1.5 type 2 or
/// OAEP padding; a bad block is CKR_ENCRYPTED_DATA_INVALID whatever was wrong with it.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class RawRsaDecryptionTests : IDisposable
{
    private static readonly SoftwareKey RsaKey = SoftwareKey.Rsa(0x03);
    private static readonly SecureRandom Random = new();
    private readonly EngineHarness _engine;
    private readonly ulong _session;
    private readonly ulong _key;

    public RawRsaDecryptionTests()
    {
        var card = new SoftwareCard { Capabilities = RawRsaCard() };
        card.Keys.Add(RsaKey);
        _engine = new EngineHarness(card);
        _session = _engine.UserSession();
        _key = _engine.PrivateKey(_session, 0x03);
    }

    private RsaKeyParameters Public => (RsaKeyParameters)RsaKey.Public;

    private byte[] EncryptPkcs1(byte[] message)
    {
        var cipher = new Pkcs1Encoding(new RsaEngine());
        cipher.Init(true, new ParametersWithRandom(Public, Random));
        return cipher.ProcessBlock(message, 0, message.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(245)] // k - 11: the longest message
    public void Pkcs1_padding_is_removed_by_the_host(int length)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)(i + 1)).ToArray();
        var (rv, plaintext) = Decrypt(_session, new Mechanism(CKM_RSA_PKCS), _key, EncryptPkcs1(message));
        Assert.Equal(CKR_OK, rv);
        Assert.Equal(message, plaintext);
        Assert.Equal(CardDecryption.RsaRaw, Assert.Single(_engine.Card.Decryptions).Kind);
    }

    [Fact]
    public void A_block_that_is_not_pkcs1_is_encrypted_data_invalid()
    {
        // A raw block that is no PKCS#1 encryption block (type 1: a signature block) decrypted by the card.
        var engine = new RsaEngine();
        engine.Init(true, Public);
        var type1 = new byte[256];
        type1[1] = 0x01;
        type1.AsSpan(2, 200).Fill(0xFF);
        var ciphertext = engine.ProcessBlock(type1, 0, type1.Length);
        Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Decrypt(_session, new Mechanism(CKM_RSA_PKCS), _key, ciphertext).Rv);
    }

    [Theory]
    [InlineData(CKM_SHA_1, CKG_MGF1_SHA1, "")]
    [InlineData(CKM_SHA256, CKG_MGF1_SHA256, "a label")]
    [InlineData(CKM_SHA256, CKG_MGF1_SHA1, "")]
    [InlineData(CKM_SHA512, CKG_MGF1_SHA384, "another label")]
    public void Oaep_is_removed_by_the_host_with_the_parameters_hash_mgf_and_label(ulong hash, ulong mgf, string label)
    {
        var labelBytes = System.Text.Encoding.ASCII.GetBytes(label);
        var message = "session key material"u8.ToArray();
        var cipher = new OaepEncoding(new RsaEngine(), Digests.Create(hash), Digests.Create(Digests.HashForMgf1(mgf)), labelBytes);
        cipher.Init(true, new ParametersWithRandom(Public, Random));
        var ciphertext = cipher.ProcessBlock(message, 0, message.Length);

        var mechanism = new Mechanism(CKM_RSA_PKCS_OAEP, new OaepParameters(hash, mgf, labelBytes.Length > 0 ? CKZ_DATA_SPECIFIED : 0, labelBytes));
        var (rv, plaintext) = Decrypt(_session, mechanism, _key, ciphertext);
        Assert.Equal(CKR_OK, rv);
        Assert.Equal(message, plaintext);

        var wrongLabel = new Mechanism(CKM_RSA_PKCS_OAEP, new OaepParameters(hash, mgf, CKZ_DATA_SPECIFIED, [.. labelBytes, 0x00]));
        Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Decrypt(_session, wrongLabel, _key, ciphertext).Rv);
    }

    [Fact]
    public void Oaep_through_the_engine_both_ways()
    {
        var mechanism = new Mechanism(CKM_RSA_PKCS_OAEP, new OaepParameters(CKM_SHA256, CKG_MGF1_SHA256, 0, []));
        var publicKey = _engine.PublicKey(_session, 0x03);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.EncryptInit(_session, mechanism, publicKey)));
        var encrypted = Cryptoki.Encrypt(_session, "round trip"u8, OutputRequest.Buffer(256));
        Assert.Equal(CKR_OK, encrypted.Rv);
        Assert.Equal("round trip"u8.ToArray(), Decrypt(_session, mechanism, _key, encrypted.Data!).Data);
    }

    [Fact]
    public void X509_decryption_answers_the_whole_block_with_its_leading_zeros()
    {
        var block = new byte[256];
        block[5] = 0x17;
        block[^1] = 0x99;
        var engine = new RsaEngine();
        engine.Init(true, Public);
        var ciphertext = engine.ProcessBlock(block, 0, block.Length);
        var (rv, plaintext) = Decrypt(_session, new Mechanism(CKM_RSA_X_509), _key, ciphertext);
        Assert.Equal(CKR_OK, rv);
        Assert.Equal(block, plaintext);

        var publicKey = _engine.PublicKey(_session, 0x03);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.EncryptInit(_session, new Mechanism(CKM_RSA_X_509), publicKey)));
        var encrypted = Cryptoki.Encrypt(_session, block, OutputRequest.Buffer(256));
        Assert.Equal(ciphertext, encrypted.Data);
    }

    [Fact]
    public void A_short_buffer_keeps_the_plaintext_for_the_next_call_without_asking_the_card_again()
    {
        var message = "thirty-two bytes of secret data!"u8.ToArray();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DecryptInit(_session, new Mechanism(CKM_RSA_PKCS), _key)));
        var ciphertext = EncryptPkcs1(message);
        Assert.Equal(256UL, Cryptoki.Decrypt(_session, ciphertext, OutputRequest.Query).Length);
        var small = Cryptoki.Decrypt(_session, ciphertext, OutputRequest.Buffer(8));
        Assert.Equal((CKR_BUFFER_TOO_SMALL, 32UL), (small.Rv, small.Length));
        var done = Cryptoki.Decrypt(_session, ciphertext, OutputRequest.Buffer(32));
        Assert.Equal(message, done.Data);
        Assert.Single(_engine.Card.Decryptions);
    }

    [Fact]
    public void Oaep_parameters_are_checked_before_the_card_is_asked()
    {
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Rv(() => Cryptoki.DecryptInit(_session, new Mechanism(CKM_RSA_PKCS_OAEP), _key)));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID,
            Rv(() => Cryptoki.DecryptInit(_session, new Mechanism(CKM_RSA_PKCS_OAEP, new OaepParameters(CKM_SHA256, 0x77, 0, [])), _key)));
        Assert.Equal(CKR_MECHANISM_PARAM_INVALID,
            Rv(() => Cryptoki.DecryptInit(_session, new Mechanism(CKM_RSA_PKCS_OAEP, new OaepParameters(CKM_SHA256, CKG_MGF1_SHA256, 7, [])), _key)));
        Assert.Empty(_engine.Card.Decryptions);
    }

    public void Dispose() => _engine.Dispose();
}
