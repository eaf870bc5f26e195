using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;

namespace SharpSC.Pkcs11.Objects;

/// <summary>Common key attributes (PKCS#11 3.0 §4.7) of the public and private halves.</summary>
internal abstract class KeyObject : StorageObject
{
    private readonly Lazy<KeyMaterial> _material;
    private readonly int _bits;

    /// <summary>
    /// <paramref name="material"/> is produced on first use (it may cost a card read); the key's
    /// kind and size are known without it.
    /// </summary>
    protected KeyObject(ulong objectClass, bool isPrivate, string label, byte[] id, bool modifiable, KeyKind kind, int bits,
        Func<KeyMaterial> material, KeyUsage usage, bool local, bool isToken)
        : base(objectClass, isToken, isPrivate, label, id, modifiable)
    {
        Kind = kind;
        _bits = bits;
        _material = new Lazy<KeyMaterial>(material, LazyThreadSafetyMode.PublicationOnly);
        Usage = usage;
        Local = local;
    }

    public KeyKind Kind { get; }

    /// <summary>Modulus length (RSA) or field size (EC; 255 for Ed25519/X25519) in bits (from the directory entry, else from the key itself).</summary>
    public int Bits => _bits > 0 ? _bits : Material.Bits;

    public KeyMaterial Material => _material.Value;

    public KeyUsage Usage { get; }

    public bool Local { get; }

    public ulong KeyType => Kind switch
    {
        KeyKind.Rsa => CKK_RSA,
        KeyKind.EcEdwards => CKK_EC_EDWARDS,
        KeyKind.EcMontgomery => CKK_EC_MONTGOMERY,
        _ => CKK_EC,
    };

    /// <summary>CKA_KEY_GEN_MECHANISM of a key generated on the card.</summary>
    private ulong GenerationMechanism => Kind switch
    {
        KeyKind.Rsa => CKM_RSA_PKCS_KEY_PAIR_GEN,
        KeyKind.EcEdwards => CKM_EC_EDWARDS_KEY_PAIR_GEN,
        KeyKind.EcMontgomery => CKM_EC_MONTGOMERY_KEY_PAIR_GEN,
        _ => CKM_EC_KEY_PAIR_GEN,
    };

    /// <summary>EC, Edwards and Montgomery keys: CKA_EC_PARAMS and CKA_EC_POINT (PKCS#11 3.0 §2.3).</summary>
    public bool IsEcFamily => Kind != KeyKind.Rsa;

    /// <summary>The subject of the certificate with the same ID, when there is one.</summary>
    public Func<byte[]?>? Subject { get; init; }

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_KEY_TYPE => Ok(AttributeCodec.ULong(KeyType)),
        CKA_ID => Ok(Id),
        CKA_START_DATE or CKA_END_DATE => Ok([]),
        CKA_DERIVE => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Derive))),
        CKA_LOCAL => Ok(AttributeCodec.Bool(Local)),
        CKA_KEY_GEN_MECHANISM => Ok(AttributeCodec.ULong(Local ? GenerationMechanism : Constants.CK.Unavailable)),
        CKA_SUBJECT => Ok(Subject?.Invoke() ?? []),
        CKA_MODULUS when Kind == KeyKind.Rsa => Public(Material.Modulus),
        CKA_MODULUS_BITS when Kind == KeyKind.Rsa => Ok(AttributeCodec.ULong((ulong)Bits)),
        CKA_PUBLIC_EXPONENT when Kind == KeyKind.Rsa => Public(Material.PublicExponent),
        CKA_EC_PARAMS when IsEcFamily => Public(Material.EcParameters),
        CKA_PUBLIC_KEY_INFO => Public(Material.SubjectPublicKeyInfo.Length > 0 ? Material.SubjectPublicKeyInfo : null),
        _ => base.Get(type),
    };

    public override ulong Size => (ulong)Bits / 8 + 64;

    /// <summary>A public value, or "type invalid" when the card holds no public key for this key.</summary>
    protected static AttributeValue Public(byte[]? value) => value == null ? Invalid : Ok(value);
}
