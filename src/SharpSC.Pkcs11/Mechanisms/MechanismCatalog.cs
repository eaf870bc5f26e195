using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKM;

namespace SharpSC.Pkcs11.Mechanisms;

internal enum MechanismFamily
{
    Digest,
    RsaPkcs,
    RsaPkcsWithHash,
    RsaPss,
    RsaPssWithHash,
    RsaOaep,
    Ecdsa,
    EcdsaWithHash,
    RsaKeyPairGen,
    EcKeyPairGen,
}

/// <summary>A mechanism we know: its family and, for the hash-then-sign ones, the hash.</summary>
internal sealed record MechanismSpec(ulong Type, MechanismFamily Family, ulong Hash = 0);

/// <summary>
/// The mechanisms a token offers, derived from what its card can do: signing and decryption on the
/// card, verification, encryption and digests in software (PKCS#11 3.0 §5.5 C_GetMechanismList).
/// A mechanism appears only with the functions that work for it on this card.
/// </summary>
internal static class MechanismCatalog
{
    public static readonly IReadOnlyList<MechanismSpec> Known =
    [
        new(CKM_MD5, MechanismFamily.Digest, CKM_MD5),
        new(CKM_SHA_1, MechanismFamily.Digest, CKM_SHA_1),
        new(CKM_SHA224, MechanismFamily.Digest, CKM_SHA224),
        new(CKM_SHA256, MechanismFamily.Digest, CKM_SHA256),
        new(CKM_SHA384, MechanismFamily.Digest, CKM_SHA384),
        new(CKM_SHA512, MechanismFamily.Digest, CKM_SHA512),
        new(CKM_RSA_PKCS, MechanismFamily.RsaPkcs),
        new(CKM_SHA1_RSA_PKCS, MechanismFamily.RsaPkcsWithHash, CKM_SHA_1),
        new(CKM_SHA224_RSA_PKCS, MechanismFamily.RsaPkcsWithHash, CKM_SHA224),
        new(CKM_SHA256_RSA_PKCS, MechanismFamily.RsaPkcsWithHash, CKM_SHA256),
        new(CKM_SHA384_RSA_PKCS, MechanismFamily.RsaPkcsWithHash, CKM_SHA384),
        new(CKM_SHA512_RSA_PKCS, MechanismFamily.RsaPkcsWithHash, CKM_SHA512),
        new(CKM_RSA_PKCS_PSS, MechanismFamily.RsaPss),
        new(CKM_SHA1_RSA_PKCS_PSS, MechanismFamily.RsaPssWithHash, CKM_SHA_1),
        new(CKM_SHA224_RSA_PKCS_PSS, MechanismFamily.RsaPssWithHash, CKM_SHA224),
        new(CKM_SHA256_RSA_PKCS_PSS, MechanismFamily.RsaPssWithHash, CKM_SHA256),
        new(CKM_SHA384_RSA_PKCS_PSS, MechanismFamily.RsaPssWithHash, CKM_SHA384),
        new(CKM_SHA512_RSA_PKCS_PSS, MechanismFamily.RsaPssWithHash, CKM_SHA512),
        new(CKM_RSA_PKCS_OAEP, MechanismFamily.RsaOaep),
        new(CKM_ECDSA, MechanismFamily.Ecdsa),
        new(CKM_ECDSA_SHA1, MechanismFamily.EcdsaWithHash, CKM_SHA_1),
        new(CKM_ECDSA_SHA224, MechanismFamily.EcdsaWithHash, CKM_SHA224),
        new(CKM_ECDSA_SHA256, MechanismFamily.EcdsaWithHash, CKM_SHA256),
        new(CKM_ECDSA_SHA384, MechanismFamily.EcdsaWithHash, CKM_SHA384),
        new(CKM_ECDSA_SHA512, MechanismFamily.EcdsaWithHash, CKM_SHA512),
        new(CKM_RSA_PKCS_KEY_PAIR_GEN, MechanismFamily.RsaKeyPairGen),
        new(CKM_EC_KEY_PAIR_GEN, MechanismFamily.EcKeyPairGen),
    ];

    public static MechanismSpec? Find(ulong type) => Known.FirstOrDefault(m => m.Type == type);

    /// <summary>Every mechanism the token offers, with its CK_MECHANISM_INFO.</summary>
    public static IReadOnlyDictionary<ulong, MechanismInfo> For(TokenDescription token)
    {
        var caps = token.Capabilities;
        var result = new Dictionary<ulong, MechanismInfo>();
        var rsa = caps.RsaKeySizes.Count > 0;
        var ec = caps.EcFieldSizes.Count > 0;
        ulong rsaMin = rsa ? (ulong)caps.RsaKeySizes.Min() : 0, rsaMax = rsa ? (ulong)caps.RsaKeySizes.Max() : 0;
        ulong ecMin = ec ? (ulong)caps.EcFieldSizes.Min() : 0, ecMax = ec ? (ulong)caps.EcFieldSizes.Max() : 0;
        const ulong ecFlags = CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS;
        var pkcs1 = caps.Signatures.Contains(CardSignature.RsaPkcs1);
        var pss = caps.Signatures.Contains(CardSignature.RsaPssPrehashed);
        var ecdsa = caps.Signatures.Contains(CardSignature.EcdsaPrehashed);
        var ecdsaSha1OnCard = caps.Signatures.Contains(CardSignature.EcdsaSha1OnCard);

        foreach (var m in Known)
        {
            ulong flags = m.Family switch
            {
                MechanismFamily.Digest => CKF_DIGEST,
                MechanismFamily.RsaPkcs when rsa => CKF_VERIFY | CKF_ENCRYPT | (pkcs1 ? CKF_SIGN : 0) | (caps.RsaDecrypt ? CKF_DECRYPT : 0),
                MechanismFamily.RsaPkcsWithHash when rsa && m.Hash != CKM_MD5 => CKF_VERIFY | (pkcs1 ? CKF_SIGN : 0),
                // Only where the card signs PSS: NSS and pkcs11-provider take a listed PSS mechanism as able to
                // sign (PK11_DoesMechanism ignores the flags) and pick RSA-PSS for TLS 1.2, which a v0 card refuses.
                MechanismFamily.RsaPss or MechanismFamily.RsaPssWithHash when rsa && pss => CKF_VERIFY | CKF_SIGN,
                MechanismFamily.RsaOaep when rsa => CKF_ENCRYPT,
                MechanismFamily.Ecdsa when ec => CKF_VERIFY | (ecdsa ? CKF_SIGN : 0) | ecFlags,
                MechanismFamily.EcdsaWithHash when ec =>
                    CKF_VERIFY | (ecdsa || (ecdsaSha1OnCard && m.Hash == CKM_SHA_1) ? CKF_SIGN : 0) | ecFlags,
                MechanismFamily.RsaKeyPairGen when rsa && caps.KeyGeneration && !token.ReadOnly => CKF_GENERATE_KEY_PAIR,
                MechanismFamily.EcKeyPairGen when ec && caps.KeyGeneration && !token.ReadOnly => CKF_GENERATE_KEY_PAIR | ecFlags,
                _ => 0,
            };
            if (flags == 0) continue;
            var onCard = (flags & (CKF_SIGN | CKF_DECRYPT | CKF_GENERATE_KEY_PAIR)) != 0;
            if (onCard) flags |= CKF_HW;
            var (min, max) = m.Family switch
            {
                MechanismFamily.Digest => (0UL, 0UL),
                MechanismFamily.Ecdsa or MechanismFamily.EcdsaWithHash or MechanismFamily.EcKeyPairGen => (ecMin, ecMax),
                _ => (rsaMin, rsaMax),
            };
            result[m.Type] = new MechanismInfo(min, max, flags);
        }
        return result;
    }
}
