using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// The checks every *Init function makes before an operation starts (PKCS#11 3.0 §5.8–5.12, §5.14), in the
/// spec's order of codes: a mechanism this token does not offer for the function is CKR_MECHANISM_INVALID;
/// a key of another type CKR_KEY_TYPE_INCONSISTENT; a key whose attributes forbid the function
/// CKR_KEY_FUNCTION_NOT_PERMITTED; a key of the right type the card cannot use this way (an OpenPGP decryption
/// key asked to sign, a card-padded key asked for raw RSA) CKR_MECHANISM_INVALID again.
/// </summary>
internal static class MechanismRules
{
    /// <summary>The mechanism is offered by this token for this function (a CKF_* flag).</summary>
    public static MechanismSpec Require(Mechanism mechanism, TokenDescription token, ulong function)
    {
        var spec = MechanismCatalog.Find(mechanism.Type);
        if (spec == null || !MechanismCatalog.For(token).TryGetValue(mechanism.Type, out var info) || (info.Flags & function) == 0)
            throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"mechanism 0x{mechanism.Type:X} is not available for this function on this token");
        return spec;
    }

    public static void RequireKeyKind(MechanismSpec spec, KeyObject key)
    {
        var fits = spec.Family switch
        {
            MechanismFamily.Ecdsa or MechanismFamily.EcdsaWithHash => key.Kind == KeyKind.Ec,
            MechanismFamily.EdDsa => key.Kind == KeyKind.EcEdwards,
            MechanismFamily.EcdhDerive => key.Kind is KeyKind.Ec or KeyKind.EcMontgomery,
            _ => key.Kind == KeyKind.Rsa,
        };
        if (!fits)
            throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, $"mechanism 0x{spec.Type:X} does not take a {key.Kind} key");
    }

    public static void RequireUsage(KeyObject key, bool permitted, string what)
    {
        if (!permitted) throw new Pkcs11Exception(CKR_KEY_FUNCTION_NOT_PERMITTED, $"the key's usage does not allow {what}");
    }

    /// <summary>The card cannot compute this with this key (its abilities say so).</summary>
    public static Pkcs11Exception KeyCannot(MechanismSpec spec) =>
        new(CKR_MECHANISM_INVALID, $"this key cannot do mechanism 0x{spec.Type:X} on this card");

    /// <summary>Mechanisms that take no parameter must not get one.</summary>
    public static void RequireNoParameters(Mechanism mechanism)
    {
        if (mechanism.Parameters != null)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"mechanism 0x{mechanism.Type:X} takes no parameter");
    }

    /// <summary>CK_RSA_PKCS_PSS_PARAMS: for CKM_SHAx_RSA_PKCS_PSS the hash must be x; a SHA-1/SHA-2 hash; an MGF1 we know.</summary>
    public static PssParameters RequirePss(Mechanism mechanism, MechanismSpec spec)
    {
        if (mechanism.Parameters is not PssParameters p)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "RSA-PSS needs CK_RSA_PKCS_PSS_PARAMS");
        if (spec.Hash != 0 && p.HashAlgorithm != spec.Hash)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"hashAlg 0x{p.HashAlgorithm:X} does not match mechanism 0x{spec.Type:X}");
        if (p.HashAlgorithm is not (CKM_SHA_1 or CKM_SHA224 or CKM_SHA256 or CKM_SHA384 or CKM_SHA512))
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"unsupported PSS hash 0x{p.HashAlgorithm:X}");
        Digests.HashForMgf1(p.Mgf);
        return p;
    }

    /// <summary>Cards that sign PSS themselves use MGF1 with the message hash and a salt of the hash length.</summary>
    public static bool CardTakesPss(PssParameters p) =>
        Digests.HashForMgf1(p.Mgf) == p.HashAlgorithm && p.SaltLength == (ulong)Digests.Length(p.HashAlgorithm);

    /// <summary>The card's own PSS parameters were not asked for.</summary>
    public static Pkcs11Exception CardPssOnly(PssParameters p) =>
        new(CKR_MECHANISM_PARAM_INVALID, $"the card signs PSS with MGF1 of the message hash and a salt of {Digests.Length(p.HashAlgorithm)} bytes, not {p.SaltLength}");

    /// <summary>RFC 8017 §9.1.1: emLen ≥ hLen + sLen + 2, emLen = ceil((modBits - 1) / 8).</summary>
    public static void RequirePssSaltFits(PssParameters p, int modulusBits)
    {
        if (p.SaltLength > (ulong)Math.Max(RsaEncoding.MaxPssSalt(modulusBits, p.HashAlgorithm), 0))
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"a salt of {p.SaltLength} bytes does not fit a {modulusBits}-bit key");
    }

    /// <summary>CK_RSA_PKCS_OAEP_PARAMS: a hash and MGF1 we know, the label in pSourceData (CKZ_DATA_SPECIFIED) or none.</summary>
    public static OaepParameters RequireOaep(Mechanism mechanism)
    {
        if (mechanism.Parameters is not OaepParameters p)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "RSA-OAEP needs CK_RSA_PKCS_OAEP_PARAMS");
        if (p.Source != 0 && p.Source != Constants.CKZ.CKZ_DATA_SPECIFIED)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"unknown OAEP source 0x{p.Source:X}");
        if (p.HashAlgorithm is not (CKM_SHA_1 or CKM_SHA224 or CKM_SHA256 or CKM_SHA384 or CKM_SHA512))
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"unsupported OAEP hash 0x{p.HashAlgorithm:X}");
        Digests.HashForMgf1(p.Mgf);
        return p;
    }

    /// <summary>CK_EDDSA_PARAMS: absent, or present; what the caller asks for (Ed25519, Ed25519ctx, Ed25519ph).</summary>
    public static EdDsaParameters? EdDsaOf(Mechanism mechanism) => mechanism.Parameters switch
    {
        null => null,
        EdDsaParameters p when p.Context.Length <= 255 => p,
        EdDsaParameters => throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "an EdDSA context has at most 255 bytes (RFC 8032 §5.1)"),
        _ => throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "CKM_EDDSA takes CK_EDDSA_PARAMS or no parameter"),
    };

    /// <summary>Byte length of the key's modulus (RSA) or field (EC, 32 for the 25519 curves).</summary>
    public static int KeyBytes(KeyObject key) => (key.Bits + 7) / 8;
}
