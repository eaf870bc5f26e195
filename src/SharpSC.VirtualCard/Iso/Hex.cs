namespace SharpSC.VirtualCard.Iso;

/// <summary>Hex helpers for logs, options and transcripts.</summary>
public static class Hex
{
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>Parses hex digits, ignoring spaces and colons; throws FormatException with the reason.</summary>
    public static byte[] Parse(string text)
    {
        var clean = new string(text.Where(c => c != ' ' && c != ':' && c != '\t').ToArray());
        if (clean.Length % 2 != 0)
            throw new FormatException($"'{text}' has an odd number of hex digits");
        try
        {
            return Convert.FromHexString(clean);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{text}' is not hexadecimal");
        }
    }
}
