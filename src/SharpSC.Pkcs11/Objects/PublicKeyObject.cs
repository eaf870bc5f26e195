using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKO;

namespace SharpSC.Pkcs11.Objects;

/// <summary>CKO_PUBLIC_KEY (PKCS#11 3.0 §4.8): from a PuKDF entry, or derived from a certificate.</summary>
internal sealed class PublicKeyObject : KeyObject
{
    public PublicKeyObject(string label, byte[] id, bool modifiable, KeyKind kind, int bits, Func<KeyMaterial> material, KeyUsage usage, bool local,
        bool isToken = true, bool isPrivate = false)
        : base(CKO_PUBLIC_KEY, isPrivate, label, id, modifiable, kind, bits, material, usage, local, isToken)
    {
    }

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_ENCRYPT => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Encrypt))),
        CKA_VERIFY => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Verify))),
        CKA_VERIFY_RECOVER => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.VerifyRecover))),
        CKA_WRAP => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Wrap))),
        CKA_TRUSTED => Ok(AttributeCodec.Bool(false)),
        CKA_EC_POINT when IsEcFamily => Public(Material.EcPoint),
        _ => base.Get(type),
    };
}
