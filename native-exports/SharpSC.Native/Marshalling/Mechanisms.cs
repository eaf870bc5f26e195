using SharpSC.Native.Abi;
using SharpSC.Pkcs11;
using SharpSC.Pkcs11.Mechanisms;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native.Marshalling;

/// <summary>
/// CK_MECHANISM in: the parameter structures whose layout depends on the platform's CK_ULONG
/// (PSS, OAEP, ECDH1 derive, EdDSA) are decoded here; other parameters pass as bytes.
/// </summary>
internal static unsafe class Mechanisms
{
    public static Mechanism Read(CK_MECHANISM* mechanism)
    {
        if (mechanism == null) throw new Pkcs11Exception(CKR_ARGUMENTS_BAD, "NULL mechanism");
        var type = mechanism->mechanism.Value;
        var p = mechanism->pParameter;
        var length = mechanism->ulParameterLen.Value;
        if (p == null && length != 0) throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "NULL parameter with a non-zero length");

        if (IsPss(type))
        {
            if (p == null || length != (ulong)sizeof(CK_RSA_PKCS_PSS_PARAMS))
                throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"mechanism 0x{type:X} needs CK_RSA_PKCS_PSS_PARAMS ({sizeof(CK_RSA_PKCS_PSS_PARAMS)} bytes)");
            var pss = (CK_RSA_PKCS_PSS_PARAMS*)p;
            return new Mechanism(type, new PssParameters(pss->hashAlg.Value, pss->mgf.Value, pss->sLen.Value));
        }
        if (type == CKM_RSA_PKCS_OAEP)
        {
            if (p == null || length != (ulong)sizeof(CK_RSA_PKCS_OAEP_PARAMS))
                throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"CKM_RSA_PKCS_OAEP needs CK_RSA_PKCS_OAEP_PARAMS ({sizeof(CK_RSA_PKCS_OAEP_PARAMS)} bytes)");
            var oaep = (CK_RSA_PKCS_OAEP_PARAMS*)p;
            var label = OutputBuffer.Input((byte*)oaep->pSourceData, oaep->ulSourceDataLen).ToArray();
            return new Mechanism(type, new OaepParameters(oaep->hashAlg.Value, oaep->mgf.Value, oaep->source.Value, label));
        }
        if (type == CKM_ECDH1_DERIVE || type == CKM_ECDH1_COFACTOR_DERIVE)
        {
            if (p == null || length != (ulong)sizeof(CK_ECDH1_DERIVE_PARAMS))
                throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"mechanism 0x{type:X} needs CK_ECDH1_DERIVE_PARAMS ({sizeof(CK_ECDH1_DERIVE_PARAMS)} bytes)");
            var ecdh = (CK_ECDH1_DERIVE_PARAMS*)p;
            return new Mechanism(type, new EcdhParameters(ecdh->kdf.Value, Field(ecdh->pSharedData, ecdh->ulSharedDataLen, "pSharedData"),
                Field(ecdh->pPublicData, ecdh->ulPublicDataLen, "pPublicData")));
        }
        if (type == CKM_EDDSA && p != null)
        {
            // PKCS#11 3.0: CKM_EDDSA without a parameter is pure Ed25519; CK_EDDSA_PARAMS picks ph / a context.
            if (length != (ulong)sizeof(CK_EDDSA_PARAMS))
                throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"CKM_EDDSA takes CK_EDDSA_PARAMS ({sizeof(CK_EDDSA_PARAMS)} bytes) or nothing");
            var eddsa = (CK_EDDSA_PARAMS*)p;
            return new Mechanism(type, new EdDsaParameters(eddsa->phFlag != 0, Field(eddsa->pContextData, eddsa->ulContextDataLen, "pContextData")));
        }
        var raw = length == 0 ? [] : new ReadOnlySpan<byte>(p, Ck.Length(mechanism->ulParameterLen)).ToArray();
        return new Mechanism(type, raw.Length == 0 ? null : new RawParameters(raw));
    }

    /// <summary>A byte array inside a parameter structure; NULL with a length is the parameter's fault.</summary>
    private static byte[] Field(byte* data, CULong length, string name)
    {
        if (length.Value == 0) return [];
        if (data == null) throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"{name} is NULL with a length of {length.Value}");
        if (length.Value > 64 * 1024) throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"{name} has a length of {length.Value}");
        return new ReadOnlySpan<byte>(data, (int)length.Value).ToArray();
    }

    private static bool IsPss(ulong type) => type is CKM_RSA_PKCS_PSS or CKM_SHA1_RSA_PKCS_PSS or CKM_SHA224_RSA_PKCS_PSS
        or CKM_SHA256_RSA_PKCS_PSS or CKM_SHA384_RSA_PKCS_PSS or CKM_SHA512_RSA_PKCS_PSS;
}
