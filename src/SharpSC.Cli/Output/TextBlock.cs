namespace SharpSC.Cli.Output;

/// <summary>Indented "Name   value" lines with the values aligned; empty values are left out.</summary>
internal static class TextBlock
{
    public static void Write(TextWriter output, IReadOnlyList<(string Name, string? Value)> fields, int indent = 2)
    {
        var shown = fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToList();
        if (shown.Count == 0)
            return;
        var width = shown.Max(f => f.Name.Length) + 2;
        foreach (var (name, value) in shown)
            output.WriteLine(new string(' ', indent) + name.PadRight(width) + value);
    }
}
