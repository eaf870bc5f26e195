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
            RsaDecrypt = true,
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
