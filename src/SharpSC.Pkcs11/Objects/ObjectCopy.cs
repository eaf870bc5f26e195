using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects;

/// <summary>The attributes that recreate an object, and what a C_CopyObject template may change.</summary>
internal static class ObjectCopy
{
    private static readonly ulong[] Certificate = [CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_ID, CKA_CERTIFICATE_TYPE, CKA_VALUE];
    private static readonly ulong[] Data = [CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE];
    private static readonly ulong[] RsaPublic = [CKA_CLASS, CKA_TOKEN, CKA_LABEL, CKA_ID, CKA_KEY_TYPE, CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_VERIFY, CKA_ENCRYPT, CKA_WRAP];
    private static readonly ulong[] EcPublic = [CKA_CLASS, CKA_TOKEN, CKA_LABEL, CKA_ID, CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_EC_POINT, CKA_VERIFY];

    // What a copy may change (PKCS#11 3.0 §5.7 C_CopyObject: "attributes of the object that can ordinarily be
    // modified", plus CKA_TOKEN and CKA_PRIVATE). Storage objects §4.4 Table 4; X.509 certificates §4.6.3 ("only
    // CKA_ID, CKA_ISSUER and CKA_SERIAL_NUMBER may be modified after the object is created"); data objects §4.5
    // (no attribute restricted); public keys §4.8 Table 31 and §4.9 Table 32 (the attributes of footnote 8).
    private static readonly ulong[] StorageChangeable = [CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_MODIFIABLE, CKA_COPYABLE, CKA_DESTROYABLE];
    private static readonly ulong[] CertificateChangeable = [.. StorageChangeable, CKA_ID, CKA_ISSUER, CKA_SERIAL_NUMBER];
    private static readonly ulong[] DataChangeable = [.. StorageChangeable, CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE];
    private static readonly ulong[] PublicKeyChangeable =
        [.. StorageChangeable, CKA_ID, CKA_START_DATE, CKA_END_DATE, CKA_DERIVE, CKA_SUBJECT, CKA_ENCRYPT, CKA_VERIFY, CKA_VERIFY_RECOVER, CKA_WRAP];

    // §4.4 Table 4: CKA_MODIFIABLE and CKA_COPYABLE can be changed while copying from CK_TRUE to CK_FALSE only.
    private static readonly ulong[] OnlyToFalse = [CKA_MODIFIABLE, CKA_COPYABLE];

    /// <summary>Certificates, data objects and public keys can be copied; card-resident private keys cannot (CKA_COPYABLE).</summary>
    public static bool IsCopyable(P11Object o) => o is CertificateObject or DataObject or PublicKeyObject;

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

    /// <summary>
    /// Checks a C_CopyObject template against the source (§4.1.3, the rules of §4.1.1 applied to changes): an
    /// attribute the object does not have is CKR_ATTRIBUTE_TYPE_INVALID; a new value for one that cannot change is
    /// CKR_ATTRIBUTE_READ_ONLY. Restating an attribute's current value is no change and is accepted.
    /// </summary>
    public static void CheckTemplate(P11Object source, IReadOnlyList<CkAttribute> template)
    {
        var changeable = source switch
        {
            CertificateObject => CertificateChangeable,
            DataObject => DataChangeable,
            _ => PublicKeyChangeable,
        };
        foreach (var a in template)
        {
            var current = source.Get(a.Type);
            if (current.Status == CKR_ATTRIBUTE_TYPE_INVALID && !changeable.Contains(a.Type))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_TYPE_INVALID, $"attribute 0x{a.Type:X} does not belong to this object");
            var same = current.Status == CKR_OK && current.Value != null && current.Value.AsSpan().SequenceEqual(a.Value);
            if (same) continue;
            if (!changeable.Contains(a.Type))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_READ_ONLY, $"attribute 0x{a.Type:X} cannot change in a copy");
            if (OnlyToFalse.Contains(a.Type) && AttributeCodec.ReadBool(a))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_READ_ONLY, $"attribute 0x{a.Type:X} can only change from CK_TRUE to CK_FALSE in a copy");
        }
    }
}
