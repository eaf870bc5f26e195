using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKO;

namespace SharpSC.Pkcs11.Objects;

/// <summary>
/// CKO_PRIVATE_KEY (PKCS#11 3.0 §4.9): a key that lives on the card. It is always sensitive and never
/// extractable; its public parts (modulus, exponent, EC parameters) are visible, the secret parts are
/// CKR_ATTRIBUTE_SENSITIVE. <see cref="CardKey"/> is what the device needs to use it. It is a private object
/// (CKA_PRIVATE) unless the card uses it without any PIN (PIV's card authentication key, SP 800-73-4 Part 1 §3.1.4).
/// </summary>
internal sealed class PrivateKeyObject : KeyObject
{
    public PrivateKeyObject(string label, byte[] id, bool modifiable, KeyKind kind, int bits, Func<KeyMaterial> material, KeyUsage usage, bool local,
        bool alwaysAuthenticate, object cardKey, KeyAbilities? abilities = null, bool isPrivate = true)
        : base(CKO_PRIVATE_KEY, isPrivate, label, id, modifiable, kind, bits, material, usage, local, isToken: true)
    {
        AlwaysAuthenticate = alwaysAuthenticate;
        CardKey = cardKey;
        Abilities = abilities;
    }

    public bool AlwaysAuthenticate { get; }

    /// <summary>What the card computes with this key; null = what the card does for keys of its kind.</summary>
    public KeyAbilities? Abilities { get; }

    /// <summary>The abilities that decide which mechanisms this key takes on this token.</summary>
    public KeyAbilities AbilitiesOn(DeviceCapabilities card) => Abilities ?? KeyAbilities.For(card, Kind);

    /// <summary>The device's own reference to the key (key reference, path ...), opaque here.</summary>
    public object CardKey { get; }

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_SENSITIVE or CKA_ALWAYS_SENSITIVE or CKA_NEVER_EXTRACTABLE => Ok(AttributeCodec.Bool(true)),
        CKA_EXTRACTABLE or CKA_WRAP_WITH_TRUSTED => Ok(AttributeCodec.Bool(false)),
        CKA_DECRYPT => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Decrypt))),
        CKA_SIGN => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Sign) || Usage.HasFlag(KeyUsage.NonRepudiation))),
        CKA_SIGN_RECOVER => Ok(AttributeCodec.Bool(false)),
        CKA_UNWRAP => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Unwrap))),
        CKA_ALWAYS_AUTHENTICATE => Ok(AttributeCodec.Bool(AlwaysAuthenticate)),
        CKA_PRIVATE_EXPONENT or CKA_PRIME_1 or CKA_PRIME_2 or CKA_EXPONENT_1 or CKA_EXPONENT_2 or CKA_COEFFICIENT
            or CKA_VALUE => Sensitive,
        _ => base.Get(type),
    };
}
