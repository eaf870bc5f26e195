using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects;

/// <summary>
/// A PKCS#11 object as the engine serves it: its class, whether it lives on the token and needs a
/// login, and its attributes. Values that cost APDUs (a certificate body) are produced on demand.
/// </summary>
internal abstract class P11Object
{
    protected P11Object(ulong objectClass, bool isToken, bool isPrivate)
    {
        Class = objectClass;
        IsToken = isToken;
        IsPrivate = isPrivate;
    }

    /// <summary>Assigned by the token when the object is published; never reused.</summary>
    public ulong Handle { get; set; }

    public ulong Class { get; }

    public bool IsToken { get; }

    public bool IsPrivate { get; }

    /// <summary>The session that owns a session object (CKA_TOKEN false); 0 for token objects.</summary>
    public ulong OwnerSession { get; init; }

    /// <summary>
    /// The value of one attribute: bytes, or null with CKR_ATTRIBUTE_TYPE_INVALID /
    /// CKR_ATTRIBUTE_SENSITIVE. Subclasses add their attributes and defer to this for the common ones.
    /// </summary>
    public virtual AttributeValue Get(ulong type) => type switch
    {
        CKA_CLASS => Ok(AttributeCodec.ULong(Class)),
        CKA_TOKEN => Ok(AttributeCodec.Bool(IsToken)),
        CKA_PRIVATE => Ok(AttributeCodec.Bool(IsPrivate)),
        CKA_MODIFIABLE => Ok(AttributeCodec.Bool(IsModifiable)),
        CKA_COPYABLE => Ok(AttributeCodec.Bool(ObjectCopy.IsCopyable(this))),
        CKA_DESTROYABLE => Ok(AttributeCodec.Bool(IsDestroyable)),
        _ => Invalid,
    };

    public virtual bool IsModifiable => false;

    public virtual bool IsDestroyable => false;

    /// <summary>Approximate size in bytes for C_GetObjectSize.</summary>
    public abstract ulong Size { get; }

    /// <summary>Does every attribute of the template equal ours (PKCS#11 3.0 §5.7 C_FindObjectsInit)?</summary>
    public bool Matches(IReadOnlyList<CkAttribute> template)
    {
        foreach (var wanted in template)
        {
            var have = Get(wanted.Type);
            if (have.Status != CKR_OK || have.Value == null) return false;
            if (!have.Value.AsSpan().SequenceEqual(wanted.Value)) return false;
        }
        return true;
    }

    protected static AttributeValue Ok(byte[] value) => new(value, CKR_OK);

    protected static AttributeValue Invalid => new(null, CKR_ATTRIBUTE_TYPE_INVALID);

    protected static AttributeValue Sensitive => new(null, CKR_ATTRIBUTE_SENSITIVE);
}
