using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;

namespace SharpSC.Pkcs11.Objects;

/// <summary>Common key attributes (PKCS#11 3.0 §4.7) of the public and private halves.</summary>
internal abstract class KeyObject : StorageObject
{
    protected KeyObject(ulong objectClass, bool isPrivate, string label, byte[] id, bool modifiable, KeyMaterial material, KeyUsage usage, bool local, bool isToken)
        : base(objectClass, isToken, isPrivate, label, id, modifiable)
    {
        Material = material;
        Usage = usage;
        Local = local;
    }

    public KeyMaterial Material { get; }

    public KeyUsage Usage { get; }

    public bool Local { get; }

    public ulong KeyType => Material.Kind == KeyKind.Rsa ? CKK_RSA : CKK_EC;

    /// <summary>The subject of the certificate with the same ID, when there is one.</summary>
    public Func<byte[]?>? Subject { get; init; }

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_KEY_TYPE => Ok(AttributeCodec.ULong(KeyType)),
        CKA_ID => Ok(Id),
        CKA_START_DATE or CKA_END_DATE => Ok([]),
        CKA_DERIVE => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Derive))),
        CKA_LOCAL => Ok(AttributeCodec.Bool(Local)),
        CKA_KEY_GEN_MECHANISM => Ok(AttributeCodec.ULong(Local ? (Material.Kind == KeyKind.Rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN) : Constants.CK.Unavailable)),
        CKA_SUBJECT => Ok(Subject?.Invoke() ?? []),
        CKA_MODULUS when Material.Modulus != null => Ok(Material.Modulus!),
        CKA_MODULUS_BITS when Material.Kind == KeyKind.Rsa => Ok(AttributeCodec.ULong((ulong)Material.Bits)),
        CKA_PUBLIC_EXPONENT when Material.PublicExponent != null => Ok(Material.PublicExponent!),
        CKA_EC_PARAMS when Material.EcParameters != null => Ok(Material.EcParameters!),
        CKA_PUBLIC_KEY_INFO when Material.SubjectPublicKeyInfo.Length > 0 => Ok(Material.SubjectPublicKeyInfo),
        _ => base.Get(type),
    };

    public override ulong Size => (ulong)Material.SubjectPublicKeyInfo.Length + 64;
}
