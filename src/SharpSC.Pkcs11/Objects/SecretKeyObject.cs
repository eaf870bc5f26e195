using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKO;

namespace SharpSC.Pkcs11.Objects;

/// <summary>The attributes a secret key is made with (C_DeriveKey's template, checked).</summary>
internal sealed record SecretKeyAttributes
{
    public required ulong KeyType { get; init; }
    public string Label { get; init; } = "";
    public byte[] Id { get; init; } = [];
    public bool IsPrivate { get; init; } = true;
    public bool Modifiable { get; init; } = true;
    public bool Sensitive { get; init; }
    public bool Extractable { get; init; } = true;
    public bool AlwaysSensitive { get; init; }
    public bool NeverExtractable { get; init; }
    public KeyUsage Usage { get; init; }
    public byte[] StartDate { get; init; } = [];
    public byte[] EndDate { get; init; } = [];
}

/// <summary>
/// CKO_SECRET_KEY (PKCS#11 3.0 §4.10): a key the engine holds in memory, made by C_DeriveKey from a card
/// key's shared secret; always a session object (these cards store no secret keys). CKA_VALUE is readable
/// only while the key is neither sensitive nor unextractable (§5.7); the value is zeroed when the object goes.
/// </summary>
internal sealed class SecretKeyObject : StorageObject, IDisposable
{
    private readonly byte[] _value;

    public SecretKeyObject(SecretKeyAttributes attributes, byte[] value, ulong ownerSession)
        : base(CKO_SECRET_KEY, isToken: false, attributes.IsPrivate, attributes.Label, attributes.Id, attributes.Modifiable)
    {
        _value = GC.AllocateArray<byte>(value.Length, pinned: true);
        value.CopyTo(_value, 0);
        KeyType = attributes.KeyType;
        IsSensitive = attributes.Sensitive;
        IsExtractable = attributes.Extractable;
        AlwaysSensitive = attributes.AlwaysSensitive;
        NeverExtractable = attributes.NeverExtractable;
        Usage = attributes.Usage;
        StartDate = attributes.StartDate;
        EndDate = attributes.EndDate;
        OwnerSession = ownerSession;
    }

    public ulong KeyType { get; }

    /// <summary>May change from false to true only (PKCS#11 3.0 §4.10 table note 11).</summary>
    public bool IsSensitive { get; private set; }

    /// <summary>May change from true to false only (note 12).</summary>
    public bool IsExtractable { get; private set; }

    public bool AlwaysSensitive { get; }

    public bool NeverExtractable { get; }

    public KeyUsage Usage { get; }

    public byte[] StartDate { get; }

    public byte[] EndDate { get; }

    public int ValueLength => _value.Length;

    /// <summary>The key value, for operations inside the engine; never for callers unless readable.</summary>
    public ReadOnlySpan<byte> Value => _value;

    public override bool IsDestroyable => true;

    public override ulong Size => (ulong)_value.Length + 64;

    /// <summary>C_SetAttributeValue of CKA_SENSITIVE / CKA_EXTRACTABLE: only towards more protection.</summary>
    public bool TryProtect(bool? sensitive, bool? extractable)
    {
        if ((sensitive == false && IsSensitive) || (extractable == true && !IsExtractable)) return false;
        if (sensitive == true) IsSensitive = true;
        if (extractable == false) IsExtractable = false;
        return true;
    }

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_KEY_TYPE => Ok(AttributeCodec.ULong(KeyType)),
        CKA_ID => Ok(Id),
        CKA_START_DATE => Ok(StartDate),
        CKA_END_DATE => Ok(EndDate),
        CKA_LOCAL => Ok(AttributeCodec.Bool(false)),
        CKA_KEY_GEN_MECHANISM => Ok(AttributeCodec.ULong(Constants.CK.Unavailable)),
        CKA_SENSITIVE => Ok(AttributeCodec.Bool(IsSensitive)),
        CKA_EXTRACTABLE => Ok(AttributeCodec.Bool(IsExtractable)),
        CKA_ALWAYS_SENSITIVE => Ok(AttributeCodec.Bool(AlwaysSensitive)),
        CKA_NEVER_EXTRACTABLE => Ok(AttributeCodec.Bool(NeverExtractable)),
        CKA_ENCRYPT => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Encrypt))),
        CKA_DECRYPT => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Decrypt))),
        CKA_SIGN => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Sign))),
        CKA_VERIFY => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Verify))),
        CKA_WRAP => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Wrap))),
        CKA_UNWRAP => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Unwrap))),
        CKA_DERIVE => Ok(AttributeCodec.Bool(Usage.HasFlag(KeyUsage.Derive))),
        CKA_WRAP_WITH_TRUSTED or CKA_TRUSTED => Ok(AttributeCodec.Bool(false)),
        CKA_VALUE_LEN => Ok(AttributeCodec.ULong((ulong)_value.Length)),
        CKA_VALUE => IsSensitive || !IsExtractable ? Sensitive : Ok(_value.ToArray()),
        CKA_CHECK_VALUE => CheckValue() is { } check ? Ok(check) : Invalid,
        _ => base.Get(type),
    };

    /// <summary>
    /// CKA_CHECK_VALUE as PKCS#11 3.0 defines it for AES key objects (the first 3 bytes of the ECB encryption
    /// of a zero block) and generic secret key objects (the first 3 bytes of the SHA-1 of the value).
    /// </summary>
    private byte[]? CheckValue()
    {
        if (KeyType == CKK_AES && _value.Length is 16 or 24 or 32)
        {
            var aes = new AesEngine();
            aes.Init(true, new KeyParameter(_value));
            var block = new byte[16];
            aes.ProcessBlock(block, 0, block, 0);
            return block[..3];
        }
        if (KeyType == CKK_GENERIC_SECRET) return Pkcs15.Hashes.Sha1(_value)[..3];
        return null;
    }

    public void Dispose() => System.Security.Cryptography.CryptographicOperations.ZeroMemory(_value);
}
