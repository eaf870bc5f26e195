namespace SharpSC.Cards.Files;

/// <summary>
/// Access rules of a file, one per operation in the order of ISO 7816-4 §5.4.3.2 table 17 (access mode bits
/// b7..b1). For an EF: delete-self, terminate, activate, deactivate, write, update, read. For a DF the last three
/// are create-DF, create-EF and delete-child.
/// </summary>
public sealed record FileAcl(
    AccessCondition DeleteSelf,
    AccessCondition Terminate,
    AccessCondition Activate,
    AccessCondition Deactivate,
    AccessCondition WriteOrCreateDf,
    AccessCondition UpdateOrCreateEf,
    AccessCondition ReadOrDeleteChild)
{
    /// <summary>An EF's rules: read, update, delete; the rarely used operations (write, activate, deactivate, terminate) get <paramref name="other"/>.</summary>
    public static FileAcl ForEf(AccessCondition read, AccessCondition update, AccessCondition delete, AccessCondition other) =>
        new(delete, other, other, other, other, update, read);

    /// <summary>A DF's rules: create children (DF and EF), delete children, delete itself, the rest.</summary>
    public static FileAcl ForDf(AccessCondition createChild, AccessCondition deleteChild, AccessCondition deleteSelf, AccessCondition other) =>
        new(deleteSelf, other, other, other, createChild, createChild, deleteChild);

    public static FileAcl AllAlways { get; } = new(AccessCondition.Always, AccessCondition.Always, AccessCondition.Always,
        AccessCondition.Always, AccessCondition.Always, AccessCondition.Always, AccessCondition.Always);

    public AccessCondition Read => ReadOrDeleteChild;
    public AccessCondition Update => UpdateOrCreateEf;
    public AccessCondition Write => WriteOrCreateDf;

    /// <summary>The seven conditions in table 17 order (b7 first).</summary>
    public AccessCondition[] InTableOrder() =>
        [DeleteSelf, Terminate, Activate, Deactivate, WriteOrCreateDf, UpdateOrCreateEf, ReadOrDeleteChild];

    public static FileAcl FromTableOrder(ReadOnlySpan<AccessCondition> c) =>
        c.Length == 7 ? new(c[0], c[1], c[2], c[3], c[4], c[5], c[6])
            : throw new ArgumentException($"Seven access conditions expected, got {c.Length}.", nameof(c));
}
