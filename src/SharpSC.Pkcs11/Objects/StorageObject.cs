using static SharpSC.Pkcs11.Constants.CKA;

namespace SharpSC.Pkcs11.Objects;

/// <summary>Attributes every stored object has: label, ID (where the class has one), modifiable.</summary>
internal abstract class StorageObject : P11Object
{
    protected StorageObject(ulong objectClass, bool isToken, bool isPrivate, string label, byte[] id, bool modifiable)
        : base(objectClass, isToken, isPrivate)
    {
        Label = label;
        Id = id;
        Modifiable = modifiable;
    }

    public string Label { get; set; }

    public byte[] Id { get; set; }

    public bool Modifiable { get; }

    /// <summary>The device's own record of a token object (its PKCS#15 entry), for updates and deletion.</summary>
    public object? CardEntry { get; set; }

    public override bool IsModifiable => Modifiable;

    public override bool IsDestroyable => Modifiable;

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_LABEL => Ok(AttributeCodec.Utf8(Label)),
        _ => base.Get(type),
    };
}
