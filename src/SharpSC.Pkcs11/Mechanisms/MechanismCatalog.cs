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

    /// <summary>CKM_RSA_X_509: raw RSA, offered only where the card computes raw RSA.</summary>
    RsaX509,
    EdDsa,
    EcdhDerive,
    EdwardsKeyPairGen,
    MontgomeryKeyPairGen,
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
        new(CKM_RSA_X_509, MechanismFamily.RsaX509),
        new(CKM_EDDSA, MechanismFamily.EdDsa),
        new(CKM_ECDH1_DERIVE, MechanismFamily.EcdhDerive),
        new(CKM_EC_EDWARDS_KEY_PAIR_GEN, MechanismFamily.EdwardsKeyPairGen),
        new(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, MechanismFamily.MontgomeryKeyPairGen),
    ];

    public static MechanismSpec? Find(ulong type) => Known.FirstOrDefault(m => m.Type == type);

    /// <summary>
    /// Every mechanism the token offers, with its CK_MECHANISM_INFO. Signing, decryption and derivation are
    /// the card's (CKF_HW); where the card computes raw RSA, the host pads, so PKCS#1 v1.5, PSS (any salt and
    /// MGF), OAEP decryption and CKM_RSA_X_509 are offered with it.
    /// </summary>
    public static IReadOnlyDictionary<ulong, MechanismInfo> For(TokenDescription token)
    {
        var caps = token.Capabilities;
        var result = new Dictionary<ulong, MechanismInfo>();
        var rsa = caps.RsaKeySizes.Count > 0;
        var ec = caps.EcFieldSizes.Count > 0;
        ulong rsaMin = rsa ? (ulong)caps.RsaKeySizes.Min() : 0, rsaMax = rsa ? (ulong)caps.RsaKeySizes.Max() : 0;
        ulong ecMin = ec ? (ulong)caps.EcFieldSizes.Min() : 0, ecMax = ec ? (ulong)caps.EcFieldSizes.Max() : 0;
        const ulong ecFlags = CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS;
        const ulong curve25519Bits = Objects.Curve25519Parameters.FieldBits;
        var rawSign = caps.Signatures.Contains(CardSignature.RsaRaw);
        var pkcs1 = caps.Signatures.Contains(CardSignature.RsaPkcs1) || rawSign;
        var pss = caps.Signatures.Contains(CardSignature.RsaPssPrehashed) || rawSign;
        var ecdsa = caps.Signatures.Contains(CardSignature.EcdsaPrehashed);
        var ecdsaSha1OnCard = caps.Signatures.Contains(CardSignature.EcdsaSha1OnCard);
        var eddsa = caps.Signatures.Contains(CardSignature.EdDsa);
        var rawDecrypt = caps.Decryptions.Contains(CardDecryption.RsaRaw);
        var pkcs1Decrypt = caps.Decryptions.Contains(CardDecryption.RsaPkcs1) || rawDecrypt;
        var derive = caps.KeyAgreement && (ec || caps.X25519);
        var generate = caps.KeyGeneration && !token.ReadOnly;

        foreach (var m in Known)
        {
            ulong flags = m.Family switch
            {
                MechanismFamily.Digest => CKF_DIGEST,
                MechanismFamily.RsaPkcs when rsa => CKF_VERIFY | CKF_ENCRYPT | (pkcs1 ? CKF_SIGN : 0) | (pkcs1Decrypt ? CKF_DECRYPT : 0),
                MechanismFamily.RsaPkcsWithHash when rsa && m.Hash != CKM_MD5 => CKF_VERIFY | (pkcs1 ? CKF_SIGN : 0),
                // Only where the card signs PSS: NSS and pkcs11-provider take a listed PSS mechanism as able to
                // sign (PK11_DoesMechanism ignores the flags) and pick RSA-PSS for TLS 1.2, which a v0 card refuses.
                MechanismFamily.RsaPss or MechanismFamily.RsaPssWithHash when rsa && pss => CKF_VERIFY | CKF_SIGN,
                MechanismFamily.RsaOaep when rsa => CKF_ENCRYPT | (rawDecrypt ? CKF_DECRYPT : 0),
                MechanismFamily.RsaX509 when rsa && (rawSign || rawDecrypt) =>
                    CKF_VERIFY | CKF_ENCRYPT | (rawSign ? CKF_SIGN : 0) | (rawDecrypt ? CKF_DECRYPT : 0),
                MechanismFamily.Ecdsa when ec => CKF_VERIFY | (ecdsa ? CKF_SIGN : 0) | ecFlags,
                MechanismFamily.EcdsaWithHash when ec =>
                    CKF_VERIFY | (ecdsa || (ecdsaSha1OnCard && m.Hash == CKM_SHA_1) ? CKF_SIGN : 0) | ecFlags,
                MechanismFamily.EdDsa when caps.Ed25519 => CKF_VERIFY | (eddsa ? CKF_SIGN : 0),
                MechanismFamily.EcdhDerive when derive => CKF_DERIVE | (ec ? ecFlags : 0),
                MechanismFamily.RsaKeyPairGen when rsa && generate => CKF_GENERATE_KEY_PAIR,
                MechanismFamily.EcKeyPairGen when ec && generate => CKF_GENERATE_KEY_PAIR | ecFlags,
                MechanismFamily.EdwardsKeyPairGen when caps.Ed25519 && generate => CKF_GENERATE_KEY_PAIR,
                MechanismFamily.MontgomeryKeyPairGen when caps.X25519 && generate => CKF_GENERATE_KEY_PAIR,
                _ => 0,
            };
            if (flags == 0) continue;
            var onCard = (flags & (CKF_SIGN | CKF_DECRYPT | CKF_DERIVE | CKF_GENERATE_KEY_PAIR)) != 0;
            if (onCard) flags |= CKF_HW;
            var (min, max) = m.Family switch
            {
                MechanismFamily.Digest => (0UL, 0UL),
                MechanismFamily.Ecdsa or MechanismFamily.EcdsaWithHash or MechanismFamily.EcKeyPairGen => (ecMin, ecMax),
                MechanismFamily.EdDsa or MechanismFamily.EdwardsKeyPairGen or MechanismFamily.MontgomeryKeyPairGen => (curve25519Bits, curve25519Bits),
                MechanismFamily.EcdhDerive => (ec && caps.X25519 ? Math.Min(ecMin, curve25519Bits) : ec ? ecMin : curve25519Bits,
                    ec && caps.X25519 ? Math.Max(ecMax, curve25519Bits) : ec ? ecMax : curve25519Bits),
                _ => (rsaMin, rsaMax),
            };
            result[m.Type] = new MechanismInfo(min, max, flags);
        }
        return result;
    }
}
