using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects.Templates;

/// <summary>
/// The template of a key that C_DeriveKey makes (PKCS#11 3.0 §5.14 and §4.10 secret key objects): class
/// CKO_SECRET_KEY, a key type with its length (generic secret and HMAC keys any length, AES 16/24/32),
/// a session object (these cards store no secret keys). CKA_SENSITIVE and CKA_EXTRACTABLE may be given
/// either way (default: not sensitive, extractable); since the base key is a card key (always sensitive,
/// never extractable), CKA_ALWAYS_SENSITIVE follows CKA_SENSITIVE and CKA_NEVER_EXTRACTABLE is
/// !CKA_EXTRACTABLE, as the ECDH mechanism's sensitivity rules say.
/// </summary>
internal static class SecretKeyTemplates
{
    private static readonly IReadOnlySet<ulong> TokenSet = new HashSet<ulong>
    {
        CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_CHECK_VALUE, CKA_UNIQUE_ID,
    };

    /// <summary>The attributes and, when the template fixes it, the key length in bytes.</summary>
    public static (SecretKeyAttributes Attributes, int? Length) ParseDerived(IReadOnlyList<CkAttribute> template)
    {
        var t = new Template(template);
        t.ExpectULong(CKA_CLASS, CKO_SECRET_KEY, "the derived key's class");
        if (t.Has(CKA_VALUE))
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "CKA_VALUE of a derived key comes from the mechanism");
        var keyType = t.ULong(CKA_KEY_TYPE) ?? CKK_GENERIC_SECRET;
        var length = Length(keyType, t.ULong(CKA_VALUE_LEN));
        if (t.Bool(CKA_TOKEN) == true)
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "this token keeps no secret keys: a derived key is a session object (CKA_TOKEN false)");
        var sensitive = t.Bool(CKA_SENSITIVE) ?? false;
        var extractable = t.Bool(CKA_EXTRACTABLE) ?? true;
        t.ExpectBool(CKA_COPYABLE, false, "keys here are not copied");
        t.ExpectBool(CKA_DESTROYABLE, true, "session keys can always be destroyed");
        t.ExpectBool(CKA_TRUSTED, false, "only the SO may mark keys trusted");
        t.ExpectBool(CKA_WRAP_WITH_TRUSTED, false, "no key here wraps");
        var attributes = new SecretKeyAttributes
        {
            KeyType = keyType,
            Label = t.Utf8(CKA_LABEL) ?? "",
            Id = t.Bytes(CKA_ID) ?? [],
            IsPrivate = t.Bool(CKA_PRIVATE) ?? true,
            Modifiable = t.Bool(CKA_MODIFIABLE) ?? true,
            Sensitive = sensitive,
            Extractable = extractable,
            AlwaysSensitive = sensitive,
            NeverExtractable = !extractable,
            Usage = t.Usage((CKA_ENCRYPT, KeyUsage.Encrypt), (CKA_DECRYPT, KeyUsage.Decrypt), (CKA_SIGN, KeyUsage.Sign),
                (CKA_VERIFY, KeyUsage.Verify), (CKA_WRAP, KeyUsage.Wrap), (CKA_UNWRAP, KeyUsage.Unwrap), (CKA_DERIVE, KeyUsage.Derive)),
            StartDate = Date(t, CKA_START_DATE),
            EndDate = Date(t, CKA_END_DATE),
        };
        t.RejectUnread(TokenSet);
        return (attributes, length);
    }

    private static int? Length(ulong keyType, ulong? valueLength)
    {
        if (valueLength is 0 or > 1024)
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"CKA_VALUE_LEN {valueLength} is out of range");
        var n = (int?)valueLength;
        return keyType switch
        {
            CKK_GENERIC_SECRET or CKK_SHA_1_HMAC or CKK_SHA224_HMAC or CKK_SHA256_HMAC or CKK_SHA384_HMAC or CKK_SHA512_HMAC => n,
            CKK_AES when n is null => throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "an AES key needs CKA_VALUE_LEN (16, 24 or 32)"),
            CKK_AES when n is 16 or 24 or 32 => n,
            CKK_AES => throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"an AES key has 16, 24 or 32 bytes, not {n}"),
            _ => throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, $"key type 0x{keyType:X} cannot be derived here (generic secret, HMAC and AES keys can)"),
        };
    }

    /// <summary>CK_DATE: empty, or 8 ASCII digits YYYYMMDD (PKCS#11 3.0 §3.3).</summary>
    private static byte[] Date(Template t, ulong type)
    {
        var value = t.Bytes(type) ?? [];
        if (value.Length != 0 && (value.Length != 8 || value.Any(b => b is < (byte)'0' or > (byte)'9')))
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"attribute 0x{type:X} is not a CK_DATE");
        return value;
    }
}
