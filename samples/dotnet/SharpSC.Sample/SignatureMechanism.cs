using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SharpSC.Sample;

/// <summary>
/// A signing mechanism the token really signs with (CKF_SIGN in C_GetMechanismInfo; a token may list
/// mechanisms it only verifies with), how the data is prepared for it and how its signature is written.
/// </summary>
public sealed record SignatureMechanism(CKM Mechanism, string Digest, Func<byte[], byte[]> Prepare, Func<byte[], byte[]> Encode)
{
    private static readonly Func<byte[], byte[]> AsIs = b => b;

    // In order of preference per key type. CKM_ECDSA signs a hash the host computed;
    // IsoApplet v0 cards offer only CKM_ECDSA_SHA1 (the card hashes).
    private static readonly SignatureMechanism[] Rsa =
    [
        new(CKM.CKM_SHA256_RSA_PKCS, "sha256", AsIs, AsIs),
    ];

    private static readonly SignatureMechanism[] Ec =
    [
        new(CKM.CKM_ECDSA_SHA256, "sha256", AsIs, EcdsaSignature.ToDer),
        new(CKM.CKM_ECDSA, "sha256", SHA256.HashData, EcdsaSignature.ToDer),
        new(CKM.CKM_ECDSA_SHA1, "sha1", AsIs, EcdsaSignature.ToDer),
    ];

    public static SignatureMechanism Choose(ISlot slot, CKK keyType)
    {
        var candidates = keyType switch
        {
            CKK.CKK_RSA => Rsa,
            CKK.CKK_EC => Ec,
            _ => throw new SampleException($"cannot sign with a {keyType} key"),
        };
        var available = slot.GetMechanismList();
        return candidates.FirstOrDefault(c => available.Contains(c.Mechanism) && slot.GetMechanismInfo(c.Mechanism).MechanismFlags.Sign)
            ?? throw new SampleException($"the token signs with none of {string.Join(", ", candidates.Select(c => c.Mechanism))}");
    }
}
