namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// A file of the MyEID file system: a DF, a transparent working EF (contents initialised to FF, as flash is),
/// or a key file whose contents are a key and are never readable. The attributes are those of the FCP at
/// CREATE FILE: FID (83), size (80 or 81), descriptor (82), three ACL bytes (86), proprietary info (85) and,
/// for a DF, its name (84).
/// </summary>
internal sealed class MyEidFile
{
    private readonly List<MyEidFile> _children = [];

    public MyEidFile(ushort fid, byte descriptor, int size, bool sizeInTag81, byte[] acl, ushort prop, byte[]? name)
    {
        Fid = fid;
        Descriptor = descriptor;
        Size = size;
        SizeInTag81 = sizeInTag81;
        Acl = acl;
        Prop = prop;
        Name = name;
        if (MyEidFileTypes.Base(descriptor) == MyEidFileTypes.Transparent)
        {
            Data = new byte[size];
            Array.Fill(Data, (byte)0xFF);
        }
    }

    public ushort Fid { get; }
    public byte Descriptor { get; }
    public int Size { get; }

    /// <summary>The size came in tag 81 (DF, key file) rather than 80 (working EF); SELECT answers with the same tag.</summary>
    public bool SizeInTag81 { get; }

    /// <summary>
    /// Three bytes of nibbles. EF: read | update, delete | generate, RFU. Key file: use (crypto) | update,
    /// delete | generate. DF: create EF | create DF, delete self | RFU.
    /// </summary>
    public byte[] Acl { get; }

    public ushort Prop { get; set; }
    public byte[]? Name { get; }
    public MyEidFile? Parent { get; private set; }

    /// <summary>Contents of a transparent EF.</summary>
    public byte[]? Data { get; }

    /// <summary>The key held by a key file, null while none is loaded.</summary>
    public MyEidKey? Key { get; set; }

    public bool IsDf => MyEidFileTypes.IsDf(Descriptor);
    public bool IsTransparent => Data != null;
    public bool IsKeyFile => MyEidFileTypes.IsKeyFile(Descriptor);
    public byte BaseType => MyEidFileTypes.Base(Descriptor);
    public IReadOnlyList<MyEidFile> Children => _children;

    public int ReadAcl => Acl[0] >> 4;
    public int UpdateAcl => Acl[0] & 0x0F;
    public int DeleteAcl => Acl[1] >> 4;
    public int GenerateAcl => Acl[1] & 0x0F;
    public int CreateEfAcl => Acl[0] >> 4;
    public int CreateDfAcl => Acl[0] & 0x0F;

    /// <summary>Bytes the file takes from the card's memory: a header, its name and its contents.</summary>
    public int StorageCost => 16 + (Name?.Length ?? 0) + (IsDf ? 0 : IsKeyFile ? KeyStorage() : Size);

    public void Add(MyEidFile child)
    {
        child.Parent = this;
        _children.Add(child);
    }

    public void Remove(MyEidFile child)
    {
        _children.Remove(child);
        child.Parent = null;
    }

    public MyEidFile? Child(ushort fid) => _children.FirstOrDefault(c => c.Fid == fid);

    /// <summary>This file and everything below it.</summary>
    public IEnumerable<MyEidFile> Subtree()
    {
        yield return this;
        foreach (var child in _children)
            foreach (var f in child.Subtree())
                yield return f;
    }

    // RSA keys keep p, q, dp, dq, qinv (half the modulus each) and the exponent; EC keys d and the public point.
    private int KeyStorage() => BaseType switch
    {
        MyEidFileTypes.RsaKey => 5 * ((Size + 15) / 16) + 8,
        MyEidFileTypes.EcKey or MyEidFileTypes.EcKeySecp256k1 => 3 * ((Size + 7) / 8) + 8,
        _ => (Size + 7) / 8 + 4,
    };
}
