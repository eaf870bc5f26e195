using static SharpSC.Pkcs11.Constants.CKA;

namespace SharpSC.Pkcs11.Objects.Templates;

/// <summary>
/// Attributes a template may not specify because the token sets them (PKCS#11 3.0 §4 tables,
/// footnote 2/3/4 attributes: "must not be specified when the object is created/generated").
/// </summary>
internal static class TokenSetAttributes
{
    public static readonly IReadOnlySet<ulong> Keys = new HashSet<ulong>
    {
        CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_MODULUS, CKA_EC_POINT,
        CKA_PUBLIC_KEY_INFO, CKA_UNIQUE_ID,
    };

    public static readonly IReadOnlySet<ulong> Created = new HashSet<ulong>
    {
        CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_UNIQUE_ID,
    };
}
