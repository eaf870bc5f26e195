using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.FileSystem;

/// <summary>
/// The file tree rooted at the MF 3F00 (persistent) plus the current DF/EF selection and the
/// "user authenticated" flag (transient, cleared on deselect), as in the IsoApplet's IsoFileSystem.
/// </summary>
internal sealed class IsoFileSystem
{
    public static readonly byte[] MasterFileFci = [0x6F, 0x07, 0x82, 0x01, 0x38, 0x83, 0x02, 0x3F, 0x00];

    public IsoFileSystem(MemoryBudget budget, DedicatedFile? masterFile = null)
    {
        Budget = budget;
        MasterFile = masterFile ?? new DedicatedFile(0x3F00, (byte[])MasterFileFci.Clone());
        CurrentDf = MasterFile;
    }

    public MemoryBudget Budget { get; }
    public DedicatedFile MasterFile { get; }
    public DedicatedFile CurrentDf { get; private set; }
    public ElementaryFile? CurrentEf { get; private set; }
    public bool UserAuthenticated { get; set; }

    /// <summary>All files' storage cost (for the memory budget after loading).</summary>
    public int StorageCost => MasterFile.Subtree().Sum(f => f.StorageCost);

    /// <summary>Finds a FID anywhere in the tree, the MF included unless an EF is asked for.</summary>
    public CardFile? FindFile(ushort fid, FileKind kind) =>
        fid == MasterFile.Fid && kind != FileKind.Ef ? MasterFile : MasterFile.FindRecursive(fid, kind);

    public DedicatedFile? FindByName(ReadOnlySpan<byte> name) =>
        MasterFile.HasName(name) ? MasterFile : MasterFile.FindByNameRecursive(name);

    /// <summary>
    /// Selects a file (ISO 7816-4 §7.1.1): a DF becomes the current DF and leaves the current EF as it was;
    /// an EF becomes current and its parent the current DF; null resets to the MF with no current EF.
    /// </summary>
    public void Select(CardFile? file)
    {
        switch (file)
        {
            case null:
                CurrentDf = MasterFile;
                CurrentEf = null;
                break;
            case DedicatedFile df:
                CurrentDf = df;
                break;
            case ElementaryFile ef:
                CurrentEf = ef;
                CurrentDf = ef.Parent ?? MasterFile;
                break;
        }
    }

    /// <summary>Sets the selection after a deletion: the parent DF is current, no EF.</summary>
    public void SelectAfterDeletion(DedicatedFile parent)
    {
        CurrentDf = parent;
        CurrentEf = null;
    }

    /// <summary>
    /// Enforces a file's ACL (IsoApplet authenticateAction): 00 always, 90 or 1x (low bits masked by 9F)
    /// needs the PIN, FF and anything else never. A null file is not checked.
    /// </summary>
    public void Authorize(CardFile? file, AclOperation operation)
    {
        if (file == null) return;
        var acl = file.AclRequirement(operation);
        if (acl == 0x00) return;
        var pinRequired = acl == 0x90 || (acl & 0x9F) == 0x10;
        if (pinRequired && UserAuthenticated) return;
        throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }
}
