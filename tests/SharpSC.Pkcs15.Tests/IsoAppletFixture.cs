using System.Globalization;

namespace SharpSC.Pkcs15.Tests;

/// <summary>
/// The PKCS#15 files OpenSC 0.23 pkcs15-init wrote on an IsoApplet v0 card
/// (tests/fixtures/isoapplet/v0-files.txt): "FID path: hex" lines, and OpenSC's own
/// pkcs15-tool --dump as "# " comment lines after the "===== pkcs15-tool --dump" marker.
/// </summary>
public sealed class IsoAppletFixture
{
    private const string DumpMarker = "===== pkcs15-tool --dump";

    public static IsoAppletFixture Instance { get; } = new(Path.Combine(AppContext.BaseDirectory, "fixtures", "isoapplet", "v0-files.txt"));

    private IsoAppletFixture(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var dump = new List<string>();
        var inDump = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                if (line.Contains(DumpMarker, StringComparison.Ordinal))
                    inDump = true;
                else if (inDump)
                    dump.Add(line.Length > 2 ? line[2..] : "");
                continue;
            }
            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[1].EndsWith(':'))
                files[parts[1].TrimEnd(':')] = Convert.FromHexString(parts[2]);
        }
        Files = files;
        OpenScDump = dump;
    }

    /// <summary>File contents by absolute path in uppercase hex ("3F0050154402").</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>The pkcs15-tool --dump lines (tabs became 4 spaces in the fixture).</summary>
    public IReadOnlyList<string> OpenScDump { get; }

    public byte[] this[string path] => Files[path];

    public byte[]? Read(string path) => Files.TryGetValue(path, out var bytes) ? bytes : null;

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToUpper(CultureInfo.InvariantCulture);
}
