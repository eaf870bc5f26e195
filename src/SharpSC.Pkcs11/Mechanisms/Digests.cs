using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Mechanisms;

/// <summary>Hash functions by PKCS#11 mechanism, and the DigestInfo prefixes of PKCS#1 v2.2 §9.2 note 1.</summary>
internal static class Digests
{
    public static IDigest Create(ulong hashMechanism) => hashMechanism switch
    {
        CKM_MD5 => new MD5Digest(),
        CKM_SHA_1 => new Sha1Digest(),
        CKM_SHA224 => new Sha224Digest(),
        CKM_SHA256 => new Sha256Digest(),
        CKM_SHA384 => new Sha384Digest(),
        CKM_SHA512 => new Sha512Digest(),
        _ => throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"no digest 0x{hashMechanism:X}"),
    };

    public static int Length(ulong hashMechanism) => hashMechanism switch
    {
        CKM_MD5 => 16,
        CKM_SHA_1 => 20,
        CKM_SHA224 => 28,
        CKM_SHA256 => 32,
        CKM_SHA384 => 48,
        CKM_SHA512 => 64,
        _ => throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"no digest 0x{hashMechanism:X}"),
    };

    /// <summary>The MGF1 variant that goes with a hash (CKG_MGF1_*).</summary>
    public static ulong Mgf1For(ulong hashMechanism) => hashMechanism switch
    {
        CKM_SHA_1 => CKG_MGF1_SHA1,
        CKM_SHA224 => CKG_MGF1_SHA224,
        CKM_SHA256 => CKG_MGF1_SHA256,
        CKM_SHA384 => CKG_MGF1_SHA384,
        CKM_SHA512 => CKG_MGF1_SHA512,
        _ => 0,
    };

    public static ulong HashForMgf1(ulong mgf) => mgf switch
    {
        CKG_MGF1_SHA1 => CKM_SHA_1,
        CKG_MGF1_SHA224 => CKM_SHA224,
        CKG_MGF1_SHA256 => CKM_SHA256,
        CKG_MGF1_SHA384 => CKM_SHA384,
        CKG_MGF1_SHA512 => CKM_SHA512,
        _ => throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"unknown MGF 0x{mgf:X}"),
    };

    /// <summary>The hash whose output has this length, for RSA-PSS and ECDSA on a precomputed hash.</summary>
    public static ulong ForLength(int length) => length switch
    {
        20 => CKM_SHA_1,
        28 => CKM_SHA224,
        32 => CKM_SHA256,
        48 => CKM_SHA384,
        64 => CKM_SHA512,
        _ => 0,
    };

    public static byte[] Hash(ulong hashMechanism, ReadOnlySpan<byte> data)
    {
        var d = Create(hashMechanism);
        d.BlockUpdate(data);
        var output = new byte[d.GetDigestSize()];
        d.DoFinal(output);
        return output;
    }

    /// <summary>DER DigestInfo { AlgorithmIdentifier, OCTET STRING hash } for PKCS#1 v1.5 signatures.</summary>
    public static byte[] DigestInfo(ulong hashMechanism, ReadOnlySpan<byte> hash)
    {
        byte[] prefix = hashMechanism switch
        {
            CKM_MD5 => [0x30, 0x20, 0x30, 0x0C, 0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10],
            CKM_SHA_1 => [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14],
            CKM_SHA224 => [0x30, 0x2D, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1C],
            CKM_SHA256 => [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
            CKM_SHA384 => [0x30, 0x41, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
            CKM_SHA512 => [0x30, 0x51, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
            _ => throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"no DigestInfo for 0x{hashMechanism:X}"),
        };
        return [.. prefix, .. hash];
    }
}
