using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>What OpenSC's pkcs15-tool --dump sees on the card: "Kind [label] id" per object.</summary>
public static class OpenScDump
{
    public static List<string> Objects(string readerIndex)
    {
        var r = ProcessRunner.RunChecked("pkcs15-tool", "-r", readerIndex, "--dump");
        var result = new List<string>();
        string? current = null;
        foreach (var raw in r.StdOut.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Private ", StringComparison.Ordinal) || line.StartsWith("Public ", StringComparison.Ordinal)
                || line.StartsWith("X.509 Certificate", StringComparison.Ordinal) || line.StartsWith("Data object", StringComparison.Ordinal))
                current = line;
            else if (current != null && line.StartsWith("ID ", StringComparison.Ordinal))
            {
                result.Add($"{current} {line.Split(':', 2)[1].Trim()}");
                current = null;
            }
            else if (current != null && line.Length == 0)
            {
                result.Add(current);
                current = null;
            }
        }
        if (current != null) result.Add(current);
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
