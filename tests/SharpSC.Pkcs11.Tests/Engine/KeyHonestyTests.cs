using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// Mechanisms per key: the list shows what the card does with some key; each *Init answers for the key it
/// is given — another key type CKR_KEY_TYPE_INCONSISTENT, usage attributes that forbid it
/// CKR_KEY_FUNCTION_NOT_PERMITTED, a key the card cannot use that way CKR_MECHANISM_INVALID — before any APDU.
/// The card here is shaped like an OpenPGP card beside a raw-RSA key: a signature key the card pads for
/// (PSO:CDS), a decryption key the card unpads for (PSO:DECIPHER), a PIV-style raw key, and EC keys.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class KeyHonestyTests : IDisposable
{
    private static readonly SoftwareKey SignatureKey = SoftwareKey.Rsa(0x01, usage: KeyUsage.Sign,
        abilities: new KeyAbilities { Signatures = new HashSet<CardSignature> { CardSignature.RsaPkcs1 } });
    private static readonly SoftwareKey DecryptionKey = SoftwareKey.Rsa(0x02, usage: KeyUsage.Decrypt,
        abilities: new KeyAbilities { Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaPkcs1 } });
    private static readonly SoftwareKey RawKey = SoftwareKey.Rsa(0x03);

    private readonly EngineHarness _engine;
    private readonly ulong _session;

    public KeyHonestyTests()
    {
        var caps = new DeviceCapabilities
        {
            Signatures = new HashSet<CardSignature> { CardSignature.RsaPkcs1, CardSignature.RsaRaw, CardSignature.EcdsaPrehashed },
            Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaPkcs1, CardDecryption.RsaRaw },
            KeyAgreement = true,
            RsaKeySizes = [2048],
            EcFieldSizes = [256],
            Ed25519 = true,
        };
        var card = new SoftwareCard { Capabilities = caps };
        card.Keys.AddRange([SignatureKey, DecryptionKey, RawKey]);
        card.Keys.Add(SoftwareKey.Ec(0x04, usage: KeyUsage.Derive));
        card.Keys.Add(SoftwareKey.Ec(0x05, usage: KeyUsage.Sign | KeyUsage.Derive, abilities: new KeyAbilities { KeyAgreement = true }));
        card.Keys.Add(SoftwareKey.Ed25519(0x06));
        _engine = new EngineHarness(card);
        _session = _engine.UserSession();
    }

    private ulong SignInit(ulong mechanism, byte id, MechanismParameters? parameters = null) =>
        Rv(() => Cryptoki.SignInit(_session, new Mechanism(mechanism, parameters), _engine.PrivateKey(_session, id)));

    private ulong DecryptInit(ulong mechanism, byte id, MechanismParameters? parameters = null) =>
        Rv(() => Cryptoki.DecryptInit(_session, new Mechanism(mechanism, parameters), _engine.PrivateKey(_session, id)));

    [Fact]
    public void The_list_shows_what_some_key_can_do()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismList(_engine.Slot, out var mechanisms));
        Assert.Contains(CKM_RSA_PKCS_PSS, mechanisms);
        Assert.Contains(CKM_RSA_X_509, mechanisms);
        Assert.Contains(CKM_ECDH1_DERIVE, mechanisms);
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_EDDSA, out var eddsa));
        Assert.Equal(CKF_VERIFY, eddsa.Flags); // Ed25519 keys, but no card signature: verify only
        Assert.DoesNotContain(CKM_EC_EDWARDS_KEY_PAIR_GEN, mechanisms);
        Assert.DoesNotContain(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, mechanisms);
    }

    [Fact]
    public void A_card_padded_signature_key_signs_pkcs1_only()
    {
        var pss = new PssParameters(CKM_SHA256, CKG_MGF1_SHA256, 32);
        Assert.Equal(CKR_MECHANISM_INVALID, SignInit(CKM_SHA256_RSA_PKCS_PSS, 0x01, pss));
        Assert.Equal(CKR_MECHANISM_INVALID, SignInit(CKM_RSA_X_509, 0x01));
        Assert.Equal(CKR_OK, SignInit(CKM_SHA256_RSA_PKCS, 0x01));
        Assert.Equal(CKR_OK, Cryptoki.Sign(_session, "m"u8, Module.OutputRequest.Buffer(256)).Rv);
        var (kind, input) = Assert.Single(_engine.Card.Signatures);
        Assert.Equal(CardSignature.RsaPkcs1, kind);
        Assert.Equal(Digests.DigestInfo(CKM_SHA256, Digests.Hash(CKM_SHA256, "m"u8)), input);

        // The raw key of the same card does PSS (host-encoded).
        Assert.Equal(CKR_OK, SignInit(CKM_SHA256_RSA_PKCS_PSS, 0x03, pss));
    }

    [Fact]
    public void Usage_attributes_come_before_card_abilities()
    {
        Assert.Equal(CKR_KEY_FUNCTION_NOT_PERMITTED, SignInit(CKM_SHA256_RSA_PKCS, 0x02));
        Assert.Equal(CKR_KEY_FUNCTION_NOT_PERMITTED, DecryptInit(CKM_RSA_PKCS, 0x01));
        Assert.Equal(CKR_KEY_FUNCTION_NOT_PERMITTED, SignInit(CKM_ECDSA, 0x04)); // a derive-only EC key
    }

    [Fact]
    public void A_card_unpadded_decryption_key_decrypts_pkcs1_only()
    {
        Assert.Equal(CKR_MECHANISM_INVALID, DecryptInit(CKM_RSA_PKCS_OAEP, 0x02, new OaepParameters(CKM_SHA_1, CKG_MGF1_SHA1, 0, [])));
        Assert.Equal(CKR_MECHANISM_INVALID, DecryptInit(CKM_RSA_X_509, 0x02));
        Assert.Equal(CKR_OK, DecryptInit(CKM_RSA_PKCS, 0x02));
        Assert.Equal(CKR_OK, Cryptoki.SessionCancel(_session, CKF_DECRYPT));
        // The raw key of the same card decrypts OAEP (host-unpadded).
        Assert.Equal(CKR_OK, DecryptInit(CKM_RSA_PKCS_OAEP, 0x03, new OaepParameters(CKM_SHA_1, CKG_MGF1_SHA1, 0, [])));
    }

    [Fact]
    public void Mechanisms_of_another_key_type_are_key_type_inconsistent()
    {
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, SignInit(CKM_ECDSA, 0x03));
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, SignInit(CKM_SHA256_RSA_PKCS, 0x05));
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, SignInit(CKM_ECDSA_SHA256, 0x06));
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, DecryptInit(CKM_RSA_PKCS, 0x05));
        Assert.Equal(CKR_KEY_TYPE_INCONSISTENT, Rv(() => Cryptoki.VerifyInit(_session, new Mechanism(CKM_EDDSA), _engine.PublicKey(_session, 0x05))));
    }

    [Fact]
    public void A_key_whose_own_abilities_lack_a_card_mechanism_is_refused_before_the_card()
    {
        // Key 05 agrees but its abilities list no ECDSA, although the card signs ECDSA with other keys.
        Assert.Equal(CKR_MECHANISM_INVALID, SignInit(CKM_ECDSA_SHA256, 0x05));
        // The card has no EdDSA signature at all: not offered for signing, whatever the key.
        Assert.Equal(CKR_MECHANISM_INVALID, SignInit(CKM_EDDSA, 0x06));
        Assert.Empty(_engine.Card.Signatures);
    }

    public void Dispose() => _engine.Dispose();
}
