using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects;

/// <summary>The attributes that recreate an object, for C_CopyObject.</summary>
internal static class ObjectCopy
{
    private static readonly ulong[] Certificate = [CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_ID, CKA_CERTIFICATE_TYPE, CKA_VALUE];
    private static readonly ulong[] Data = [CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE];
    private static readonly ulong[] RsaPublic = [CKA_CLASS, CKA_TOKEN, CKA_LABEL, CKA_ID, CKA_KEY_TYPE, CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_VERIFY, CKA_ENCRYPT, CKA_WRAP];
    private static readonly ulong[] EcPublic = [CKA_CLASS, CKA_TOKEN, CKA_LABEL, CKA_ID, CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_EC_POINT, CKA_VERIFY];

    public static IEnumerable<CkAttribute> Attributes(P11Object o)
    {
        var types = o switch
        {
            CertificateObject => Certificate,
            DataObject => Data,
            PublicKeyObject { Kind: KeyKind.Rsa } => RsaPublic,
            PublicKeyObject => EcPublic,
            _ => throw new Pkcs11Exception(CKR_ACTION_PROHIBITED, "this object cannot be copied"),
        };
        foreach (var type in types)
        {
            var v = o.Get(type);
            if (v.Status == CKR_OK && v.Value != null) yield return new CkAttribute(type, v.Value);
        }
    }
}
