using System.Globalization;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// tests/fixtures/isoapplet/v0-files.txt: the PKCS#15 files OpenSC wrote on a genuine IsoApplet v0 card,
/// with the FCI each was created with (the "FID path: hex" lines and their "# FID ..., FCI hex" comments).
/// </summary>
public static class Fixtures
{
    public sealed record CardFile(string Path, byte[] Content, byte[] Fci);

    public static string Directory { get; } = Find();

    public static IReadOnlyList<CardFile> IsoAppletFiles { get; } = Load();

    public static string Transcript(string name) => System.IO.Path.Combine(Directory, "isoapplet", name);

    /// <summary>Every response data field (without SW1 SW2) of an OpenPGP transcript in tests/fixtures/openpgp.</summary>
    public static IEnumerable<byte[]> OpenPgpAnswers(string name) =>
        File.ReadLines(System.IO.Path.Combine(Directory, "openpgp", name))
            .Where(l => l.StartsWith("< ", StringComparison.Ordinal) && l.Length > 7)
            .Select(l => Convert.FromHexString(l[2..].Replace(" ", "", StringComparison.Ordinal)[..^4]))
            .Where(a => a.Length > 0);

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "tests", "fixtures");
                if (System.IO.Directory.Exists(System.IO.Path.Combine(candidate, "isoapplet"))) return candidate;
                candidate = System.IO.Path.Combine(dir.FullName, "fixtures");
                if (System.IO.Directory.Exists(System.IO.Path.Combine(candidate, "isoapplet"))) return candidate;
            }
        }
        throw new InvalidOperationException("tests/fixtures/isoapplet not found");
    }

    private static List<CardFile> Load()
    {
        var fcis = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var files = new List<CardFile>();
        foreach (var line in File.ReadLines(System.IO.Path.Combine(Directory, "isoapplet", "v0-files.txt")))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var words = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var fci = Array.IndexOf(words, "FCI");
                if (words.Length > 1 && fci > 0 && fci + 1 < words.Length && words[0].Length == 4)
                    fcis[words[0]] = Convert.FromHexString(words[fci + 1].TrimEnd(','));
                continue;
            }
            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !parts[1].EndsWith(':')) continue;
            var path = parts[1].TrimEnd(':').ToUpper(CultureInfo.InvariantCulture);
            files.Add(new CardFile(path, Convert.FromHexString(parts[2]), fcis.GetValueOrDefault(parts[0], [])));
        }
        return files;
    }
}
