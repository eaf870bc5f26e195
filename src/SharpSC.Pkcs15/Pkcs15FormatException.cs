namespace SharpSC.Pkcs15;

/// <summary>
/// The one exception that PKCS#15 parsing throws for malformed or unexpected data: it names the
/// file (or other source) and the absolute byte offset where decoding failed.
/// </summary>
public sealed class Pkcs15FormatException : Exception
{
    public Pkcs15FormatException(string source, long? offset, string detail)
        : base(FormatMessage(source, offset, detail))
    {
        Source = source;
        Offset = offset;
        Detail = detail;
    }

    /// <summary>What was being decoded, e.g. "PrKDF 3F0050154402".</summary>
    public new string Source { get; }

    /// <summary>Absolute offset in the source where decoding failed; null when the failure has no position (e.g. a missing file).</summary>
    public long? Offset { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Detail { get; }

    private static string FormatMessage(string source, long? offset, string detail) =>
        offset is { } o ? $"{source} at offset 0x{o:X2}: {detail}" : $"{source}: {detail}";
}
