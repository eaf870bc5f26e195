using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKO;

namespace SharpSC.Pkcs11.Objects;

/// <summary>CKO_DATA (PKCS#11 3.0 §4.5): an opaque value, read from the card on first use.</summary>
internal sealed class DataObject : StorageObject
{
    private readonly Lazy<byte[]> _value;

    public DataObject(string label, string application, byte[] objectId, bool isPrivate, bool modifiable, Func<byte[]> readValue, bool isToken = true)
        : base(CKO_DATA, isToken, isPrivate, label, [], modifiable)
    {
        Application = application;
        ObjectId = objectId;
        _value = new Lazy<byte[]>(readValue, LazyThreadSafetyMode.PublicationOnly);
    }

    public string Application { get; }

    /// <summary>DER OBJECT IDENTIFIER of the data, or empty.</summary>
    public byte[] ObjectId { get; }

    public byte[] Value => _value.Value;

    public override ulong Size => (ulong)Value.Length;

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_APPLICATION => Ok(AttributeCodec.Utf8(Application)),
        CKA_OBJECT_ID => Ok(ObjectId),
        CKA_VALUE => Ok(Value),
        _ => base.Get(type),
    };
}
