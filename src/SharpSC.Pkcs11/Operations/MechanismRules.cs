using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>The checks every *Init function makes before an operation starts (PKCS#11 3.0 §5.8–5.12).</summary>
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
        var wanted = spec.Family is MechanismFamily.Ecdsa or MechanismFamily.EcdsaWithHash ? KeyKind.Ec : KeyKind.Rsa;
        if (key.Kind != wanted)
            throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, $"mechanism 0x{spec.Type:X} needs an {wanted} key; the key is {key.Kind}");
    }

    public static void RequireUsage(KeyObject key, bool permitted, string what)
    {
        if (!permitted) throw new Pkcs11Exception(CKR_KEY_FUNCTION_NOT_PERMITTED, $"the key's usage does not allow {what}");
    }

    /// <summary>Mechanisms that take no parameter must not get one.</summary>
    public static void RequireNoParameters(Mechanism mechanism)
    {
        if (mechanism.Parameters != null)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"mechanism 0x{mechanism.Type:X} takes no parameter");
    }

    /// <summary>
    /// CK_RSA_PKCS_PSS_PARAMS: for CKM_SHAx_RSA_PKCS_PSS the hash must be x; MGF1 must use the same
    /// hash. When the signature is made on the card, the salt must be the hash length (IsoApplet's
    /// only choice); software verification accepts any salt up to the spec's bound.
    /// </summary>
    public static PssParameters RequirePss(Mechanism mechanism, MechanismSpec spec, bool onCard)
    {
        if (mechanism.Parameters is not PssParameters p)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "RSA-PSS needs CK_RSA_PKCS_PSS_PARAMS");
        if (spec.Hash != 0 && p.HashAlgorithm != spec.Hash)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"hashAlg 0x{p.HashAlgorithm:X} does not match mechanism 0x{spec.Type:X}");
        if (p.HashAlgorithm is not (CKM_SHA_1 or CKM_SHA224 or CKM_SHA256 or CKM_SHA384 or CKM_SHA512))
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"unsupported PSS hash 0x{p.HashAlgorithm:X}");
        var mgfHash = Digests.HashForMgf1(p.Mgf);
        if (onCard && mgfHash != p.HashAlgorithm)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "the card uses MGF1 with the message hash");
        if (onCard && p.SaltLength != (ulong)Digests.Length(p.HashAlgorithm))
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"the card uses a salt of the hash length ({Digests.Length(p.HashAlgorithm)}), not {p.SaltLength}");
        return p;
    }

    /// <summary>Byte length of the key's modulus (RSA) or field (EC).</summary>
    public static int KeyBytes(KeyObject key) => (key.Bits + 7) / 8;
}
