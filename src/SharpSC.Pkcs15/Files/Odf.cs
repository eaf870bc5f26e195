namespace SharpSC.Pkcs15.Files;

/// <summary>EF(ODF): the list of directory files of the application (PKCS#15 v1.1 §6.3).</summary>
public sealed record Odf
{
    public ValueList<OdfEntry> Entries { get; init; } = ValueList<OdfEntry>.Empty;

    public IEnumerable<OdfEntry> EntriesOf(DirectoryKind kind) => Entries.Where(e => e.Kind == kind);
}
