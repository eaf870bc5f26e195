using SharpSC.Pkcs11.Objects;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>What the card computes when it signs, and so what the engine hands it.</summary>
public enum CardSignature
{
    /// <summary>RSA PKCS#1 v1.5: the input (a DigestInfo, or raw data for CKM_RSA_PKCS) is padded by the card.</summary>
    RsaPkcs1,

    /// <summary>RSA-PSS on a hash computed by the host (MGF1 with the same hash, salt = hash length).</summary>
    RsaPssPrehashed,

    /// <summary>
    /// Raw RSA (RFC 8017 §5.2.1 RSASP1: input^d mod n) on a block of exactly the modulus length. The host
    /// builds the encoded message: PKCS#1 v1.5 type 1, EMSA-PSS with any salt and MGF, or the caller's block
    /// for CKM_RSA_X_509.
    /// </summary>
    RsaRaw,

    /// <summary>ECDSA on a hash computed by the host, cut or left-padded to the curve's byte length.</summary>
    EcdsaPrehashed,

    /// <summary>ECDSA where the card hashes the message with SHA-1 (IsoApplet v0).</summary>
    EcdsaSha1OnCard,

    /// <summary>Ed25519 (RFC 8032 §5.1, pure, no context): the input is the whole message; the answer is R‖S, 64 bytes.</summary>
    EdDsa,
}

/// <summary>What the card computes when it decrypts with an RSA key.</summary>
public enum CardDecryption
{
    /// <summary>The card removes PKCS#1 v1.5 type 2 padding and answers the message.</summary>
    RsaPkcs1,

    /// <summary>Raw RSA (RFC 8017 §5.1.2 RSADP): the card answers the whole block; the host removes PKCS#1 v1.5 or OAEP padding.</summary>
    RsaRaw,
}

/// <summary>
/// What the card does with one private key. A device that knows more about a key than about the card
/// (OpenPGP: the signature key signs, the decryption key decrypts or agrees) gives each key its own
/// abilities; a key without them can do what <see cref="DeviceCapabilities"/> says for its kind.
/// Abilities are what the card can compute; the key's usage attributes (CKA_SIGN ...) are what it may.
/// </summary>
public sealed record KeyAbilities
{
    public IReadOnlySet<CardSignature> Signatures { get; init; } = new HashSet<CardSignature>();
    public IReadOnlySet<CardDecryption> Decryptions { get; init; } = new HashSet<CardDecryption>();

    /// <summary>ECDH with an EC key, X25519 with an EC_MONTGOMERY key (<see cref="ITokenDevice.DeriveSharedSecret"/>).</summary>
    public bool KeyAgreement { get; init; }

    public static KeyAbilities None { get; } = new();

    /// <summary>The card's abilities that apply to a key of this kind.</summary>
    public static KeyAbilities For(DeviceCapabilities card, KeyKind kind) => kind switch
    {
        KeyKind.Rsa => new KeyAbilities
        {
            Signatures = card.Signatures.Where(s => s is CardSignature.RsaPkcs1 or CardSignature.RsaPssPrehashed or CardSignature.RsaRaw).ToHashSet(),
            Decryptions = card.Decryptions.ToHashSet(),
        },
        KeyKind.Ec => new KeyAbilities
        {
            Signatures = card.Signatures.Where(s => s is CardSignature.EcdsaPrehashed or CardSignature.EcdsaSha1OnCard).ToHashSet(),
            KeyAgreement = card.KeyAgreement,
        },
        KeyKind.EcEdwards => new KeyAbilities { Signatures = card.Signatures.Where(s => s == CardSignature.EdDsa).ToHashSet() },
        KeyKind.EcMontgomery => new KeyAbilities { KeyAgreement = card.KeyAgreement },
        _ => None,
    };
}

/// <summary>
/// What the card can do with some key, so the mechanism list is honest (PKCS#11 3.0 §5.5: a mechanism is
/// listed when the card can do it with a key it may hold); <see cref="KeyAbilities"/> narrows it per key.
/// </summary>
public sealed record DeviceCapabilities
{
    public IReadOnlySet<CardSignature> Signatures { get; init; } = new HashSet<CardSignature>();
    public IReadOnlySet<CardDecryption> Decryptions { get; init; } = new HashSet<CardDecryption>();

    /// <summary>The card computes ECDH shared secrets with its EC keys and X25519 with its EC_MONTGOMERY keys.</summary>
    public bool KeyAgreement { get; init; }

    public IReadOnlyList<int> RsaKeySizes { get; init; } = [];

    /// <summary>EC field sizes in bits the card can use (and generate).</summary>
    public IReadOnlyList<int> EcFieldSizes { get; init; } = [];

    /// <summary>The card holds Ed25519 keys (CKK_EC_EDWARDS on edwards25519).</summary>
    public bool Ed25519 { get; init; }

    /// <summary>The card holds X25519 keys (CKK_EC_MONTGOMERY on curve25519).</summary>
    public bool X25519 { get; init; }

    public bool Rng { get; init; }
    public bool KeyGeneration { get; init; }
    public bool KeyImport { get; init; }

    /// <summary>
    /// Largest message for signatures where the card takes the whole message (<see cref="CardSignature.EcdsaSha1OnCard"/>,
    /// <see cref="CardSignature.EdDsa"/>); 0 = as much as the engine buffers (64 KiB).
    /// </summary>
    public int MaxOnCardHashInput { get; init; }
}
