using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects;

/// <summary>Objects with CKA_TOKEN false: kept in memory, owned by the session that made them.</summary>
internal static class SessionObjects
{
    public static P11Object Create(object request, ulong session) => request switch
    {
        CertificateRequest c => new CertificateObject(c.Label ?? "Certificate", c.Id ?? [], c.IsAuthority, c.IsPrivate, modifiable: true,
            () => c.Der, isToken: false) { OwnerSession = session },
        DataRequest d => new DataObject(d.Label ?? "", d.Application ?? "", d.ObjectId ?? [], d.IsPrivate, modifiable: true,
            () => d.Value, isToken: false) { OwnerSession = session },
        PublicKeyRequest p => new PublicKeyObject(p.Label ?? "", p.Id ?? [], modifiable: true, p.Material.Kind, p.Material.Bits,
            () => p.Material, p.Usage, local: false, isToken: false) { OwnerSession = session },
        _ => throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "this object can only be created on the token (CKA_TOKEN true)"),
    };
}
