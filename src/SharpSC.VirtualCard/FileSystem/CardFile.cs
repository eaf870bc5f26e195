using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.FileSystem;

/// <summary>A file of the applet's ISO file system: its FID and the FCI stored verbatim at CREATE FILE.</summary>
internal abstract class CardFile
{
    /// <summary>Object overhead charged to the memory budget for every file (header, references).</summary>
    protected const int ObjectOverhead = 32;

    private readonly int _aclPosition;

    protected CardFile(ushort fid, byte[] fci)
    {
        Fid = fid;
        Fci = fci;
        // IsoApplet File(): the ACL is looked up once, in a level-1 search bounded by the FCI's one-byte
        // length (a signed Java byte, so an FCI longer than 127 bytes has no usable ACL).
        _aclPosition = fci.Length >= 2 ? AppletTlv.FindTag(fci, 2, (sbyte)fci[1], 0x86) : AppletTlv.NotFound;
    }

    public ushort Fid { get; }
    public byte[] Fci { get; }
    public DedicatedFile? Parent { get; set; }

    /// <summary>EEPROM bytes this file occupies (used by the memory budget).</summary>
    public abstract int StorageCost { get; }

    /// <summary>
    /// The security condition byte for an operation (IsoApplet File.getACLRequirements): ACL value byte 1
    /// deletes self, byte 5 writes/creates DFs, byte 6 updates/creates EFs, byte 7 reads/deletes children.
    /// No ACL means 00 (always).
    /// </summary>
    public byte AclRequirement(AclOperation operation)
    {
        if (_aclPosition < 0) return 0x00;
        var index = operation switch
        {
            AclOperation.DeleteSelf => _aclPosition + 3,
            AclOperation.Write or AclOperation.CreateDf => _aclPosition + 7,
            AclOperation.UpdateErase or AclOperation.CreateEf => _aclPosition + 8,
            AclOperation.ReadSearch or AclOperation.DeleteChild => _aclPosition + 9,
            _ => -1,
        };
        return index >= 0 && index < Fci.Length ? Fci[index] : (byte)0xFF;
    }
}
