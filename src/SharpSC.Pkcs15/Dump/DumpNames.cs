namespace SharpSC.Pkcs15.Dump;

/// <summary>The names OpenSC's pkcs15-tool prints for flag bits and enumerations (pkcs15-tool.c).</summary>
internal static class DumpNames
{
    public static readonly string[] ObjectFlags = ["private", "modifiable"];

    public static readonly string[] KeyUsage =
        ["encrypt", "decrypt", "sign", "signRecover", "wrap", "unwrap", "verify", "verifyRecover", "derive", "nonRepudiation"];

    public static readonly string[] KeyAccess = ["sensitive", "extract", "alwaysSensitive", "neverExtract", "local"];

    public static readonly string[] PinFlags =
    [
        "case-sensitive", "local", "change-disabled", "unblock-disabled", "initialized", "needs-padding",
        "unblockingPin", "soPin", "disable_allowed", "integrity-protected", "confidentiality-protected", "exchangeRefData",
    ];

    public static readonly string[] PinTypes = ["bcd", "ascii-numeric", "UTF-8", "halfnibble bcd", "iso 9664-1"];

    public static readonly string[] TokenFlags = ["Read-only", "Login required", "PRN generation", "EID compliant"];

    public static readonly string[] AlgorithmOperations =
        ["compute_checksum", "compute_signature", "verify_checksum", "verify_signature", "encipher", "decipher", "hash", "generate/derive_key"];

    public static readonly string[] AccessModes =
        ["read", "update", "execute", "delete", "attribute", "pso_cds", "pso_verify", "pso_decrypt", "pso_encrypt", "int_auth", "ext_auth"];

    /// <summary>PKCS#11 mechanism names for TokenInfo supportedAlgorithms (CKM_ values from the PKCS#11 v3.1 header).</summary>
    private static readonly Dictionary<long, string> Mechanisms = new()
    {
        [0x0000] = "RSA_PKCS_KEY_PAIR_GEN",
        [0x0001] = "RSA_PKCS",
        [0x0003] = "RSA_X_509",
        [0x0006] = "SHA1_RSA_PKCS",
        [0x0009] = "RSA_PKCS_OAEP",
        [0x000D] = "RSA_PKCS_PSS",
        [0x000E] = "SHA1_RSA_PKCS_PSS",
        [0x0040] = "SHA256_RSA_PKCS",
        [0x0041] = "SHA384_RSA_PKCS",
        [0x0042] = "SHA512_RSA_PKCS",
        [0x0043] = "SHA256_RSA_PKCS_PSS",
        [0x0044] = "SHA384_RSA_PKCS_PSS",
        [0x0045] = "SHA512_RSA_PKCS_PSS",
        [0x0220] = "SHA_1",
        [0x0250] = "SHA256",
        [0x0260] = "SHA384",
        [0x0270] = "SHA512",
        [0x1040] = "EC_KEY_PAIR_GEN",
        [0x1041] = "ECDSA",
        [0x1042] = "ECDSA_SHA1",
        [0x1043] = "ECDSA_SHA224",
        [0x1044] = "ECDSA_SHA256",
        [0x1045] = "ECDSA_SHA384",
        [0x1046] = "ECDSA_SHA512",
        [0x1050] = "ECDH1_DERIVE",
        [0x1080] = "AES_KEY_GEN",
        [0x1081] = "AES_ECB",
        [0x1082] = "AES_CBC",
    };

    /// <summary>OpenSC's name table (pkcs11-display.c) pads every name to a 29-character column.</summary>
    public static string Mechanism(long mechanism) =>
        Mechanisms.TryGetValue(mechanism, out var name) ? ("CKM_" + name).PadRight(29) : "unknown";

    /// <summary>", name" for every set bit that has a name, in bit order (OpenSC's print loop).</summary>
    public static string Bits(uint flags, string[] names)
    {
        var text = "";
        for (var i = 0; i < names.Length; i++)
        {
            if ((flags & (1u << i)) != 0)
                text += ", " + names[i];
        }
        return text;
    }
}
