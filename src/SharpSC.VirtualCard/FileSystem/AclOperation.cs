namespace SharpSC.VirtualCard.FileSystem;

/// <summary>Operations an ACL (FCI tag 86) can restrict; the IsoApplet's File.ACL_OP_* values.</summary>
internal enum AclOperation
{
    DeleteSelf,
    CreateDf,
    CreateEf,
    DeleteChild,
    Write,
    UpdateErase,
    ReadSearch,
}
