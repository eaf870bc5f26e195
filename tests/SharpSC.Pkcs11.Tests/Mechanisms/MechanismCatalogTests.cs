using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests.Mechanisms;

/// <summary>The mechanism list follows what the card can do; PSS parameters are checked at C_VerifyInit.</summary>
public sealed class MechanismCatalogTests
{
    private static TokenDescription Token(params CardSignature[] signatures) => new()
    {
        Label = "t",
        Manufacturer = "m",
        Model = "IsoApplet",
        SerialNumber = "1",
        Capabilities = new DeviceCapabilities
        {
            Signatures = signatures.ToHashSet(),
            Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaPkcs1 },
            RsaKeySizes = [2048],
            EcFieldSizes = [256],
            KeyGeneration = true,
        },
    };

    private static readonly TokenDescription V0 = Token(CardSignature.RsaPkcs1, CardSignature.EcdsaSha1OnCard);
    private static readonly TokenDescription V1 = Token(CardSignature.RsaPkcs1, CardSignature.RsaPssPrehashed, CardSignature.EcdsaPrehashed);

    [Fact]
    public void A_card_that_cannot_sign_pss_lists_no_pss_mechanism_at_all()
    {
        var v0 = MechanismCatalog.For(V0);
        Assert.DoesNotContain(CKM_RSA_PKCS_PSS, v0.Keys);
        Assert.DoesNotContain(CKM_SHA256_RSA_PKCS_PSS, v0.Keys);
        Assert.Equal(CKF_SIGN | CKF_VERIFY | CKF_HW, v0[CKM_SHA256_RSA_PKCS].Flags & (CKF_SIGN | CKF_VERIFY | CKF_HW));
        Assert.Equal(0UL, v0[CKM_ECDSA].Flags & CKF_SIGN);
        Assert.NotEqual(0UL, v0[CKM_ECDSA_SHA1].Flags & CKF_SIGN);

        var v1 = MechanismCatalog.For(V1);
        Assert.Equal(CKF_SIGN | CKF_VERIFY, v1[CKM_RSA_PKCS_PSS].Flags & (CKF_SIGN | CKF_VERIFY));
        Assert.NotEqual(0UL, v1[CKM_ECDSA].Flags & CKF_SIGN);
    }

    [Fact]
    public void A_card_that_pads_itself_lists_exactly_what_it_did_before_raw_rsa_ec_edwards_and_derivation_came()
    {
        const ulong ec = CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS;
        var rsaSign = CKF_VERIFY | CKF_SIGN | CKF_HW;
        var expected = new Dictionary<ulong, ulong>
        {
            [CKM_MD5] = CKF_DIGEST, [CKM_SHA_1] = CKF_DIGEST, [CKM_SHA224] = CKF_DIGEST, [CKM_SHA256] = CKF_DIGEST,
            [CKM_SHA384] = CKF_DIGEST, [CKM_SHA512] = CKF_DIGEST,
            [CKM_RSA_PKCS] = CKF_VERIFY | CKF_ENCRYPT | CKF_SIGN | CKF_DECRYPT | CKF_HW,
            [CKM_SHA1_RSA_PKCS] = rsaSign, [CKM_SHA224_RSA_PKCS] = rsaSign, [CKM_SHA256_RSA_PKCS] = rsaSign,
            [CKM_SHA384_RSA_PKCS] = rsaSign, [CKM_SHA512_RSA_PKCS] = rsaSign,
            [CKM_RSA_PKCS_PSS] = rsaSign, [CKM_SHA1_RSA_PKCS_PSS] = rsaSign, [CKM_SHA224_RSA_PKCS_PSS] = rsaSign,
            [CKM_SHA256_RSA_PKCS_PSS] = rsaSign, [CKM_SHA384_RSA_PKCS_PSS] = rsaSign, [CKM_SHA512_RSA_PKCS_PSS] = rsaSign,
            [CKM_RSA_PKCS_OAEP] = CKF_ENCRYPT,
            [CKM_ECDSA] = CKF_VERIFY | CKF_SIGN | CKF_HW | ec, [CKM_ECDSA_SHA1] = CKF_VERIFY | CKF_SIGN | CKF_HW | ec,
            [CKM_ECDSA_SHA224] = CKF_VERIFY | CKF_SIGN | CKF_HW | ec, [CKM_ECDSA_SHA256] = CKF_VERIFY | CKF_SIGN | CKF_HW | ec,
            [CKM_ECDSA_SHA384] = CKF_VERIFY | CKF_SIGN | CKF_HW | ec, [CKM_ECDSA_SHA512] = CKF_VERIFY | CKF_SIGN | CKF_HW | ec,
            [CKM_RSA_PKCS_KEY_PAIR_GEN] = CKF_GENERATE_KEY_PAIR | CKF_HW, [CKM_EC_KEY_PAIR_GEN] = CKF_GENERATE_KEY_PAIR | CKF_HW | ec,
        };
        Assert.Equal(expected, MechanismCatalog.For(V1).ToDictionary(m => m.Key, m => m.Value.Flags));

        foreach (var pss in new[] { CKM_RSA_PKCS_PSS, CKM_SHA1_RSA_PKCS_PSS, CKM_SHA224_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS, CKM_SHA384_RSA_PKCS_PSS, CKM_SHA512_RSA_PKCS_PSS })
            expected.Remove(pss);
        expected[CKM_ECDSA] = CKF_VERIFY | ec;
        foreach (var m in new[] { CKM_ECDSA_SHA224, CKM_ECDSA_SHA256, CKM_ECDSA_SHA384, CKM_ECDSA_SHA512 }) expected[m] = CKF_VERIFY | ec;
        Assert.Equal(expected, MechanismCatalog.For(V0).ToDictionary(m => m.Key, m => m.Value.Flags));
        Assert.Equal((2048UL, 2048UL), (MechanismCatalog.For(V0)[CKM_RSA_PKCS].MinKeySize, MechanismCatalog.For(V0)[CKM_RSA_PKCS].MaxKeySize));
    }

    [Fact]
    public void A_read_only_token_offers_no_key_generation()
    {
        Assert.Contains(CKM_RSA_PKCS_KEY_PAIR_GEN, MechanismCatalog.For(V1).Keys);
        Assert.DoesNotContain(CKM_RSA_PKCS_KEY_PAIR_GEN, MechanismCatalog.For(V1 with { ReadOnly = true }).Keys);
    }

    [Theory]
    [InlineData(32UL, CKR_OK)]
    [InlineData(256UL - 32 - 2, CKR_OK)] // the largest salt a 2048-bit key takes (RFC 8017 §9.1.1)
    [InlineData(256UL - 32 - 1, CKR_MECHANISM_PARAM_INVALID)]
    [InlineData(100000UL, CKR_MECHANISM_PARAM_INVALID)]
    [InlineData(ulong.MaxValue, CKR_MECHANISM_PARAM_INVALID)]
    public void Pss_verification_takes_only_salts_that_fit_the_key(ulong salt, ulong expected)
    {
        var key = new PublicKeyObject("k", [1], false, KeyKind.Rsa, 2048,
            () => new KeyMaterial(KeyKind.Rsa, 2048, new byte[256], [1, 0, 1], null, null, []), KeyUsage.Verify, local: false);
        var mechanism = new Mechanism(CKM_RSA_PKCS_PSS, new PssParameters(CKM_SHA256, CKG_MGF1_SHA256, salt));
        Assert.Equal(expected, Code(() => VerifyOperation.Start(mechanism, key, V1)));
        Assert.Equal(CKR_MECHANISM_INVALID, Code(() => VerifyOperation.Start(mechanism, key, V0)));
    }

    private static ulong Code(Action action)
    {
        try
        {
            action();
            return CKR_OK;
        }
        catch (Pkcs11Exception e)
        {
            return e.Code;
        }
    }
}
