using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>One tool run of a MyEID fixture: its step name ("pkcs15-init -C ...") and its exchanges in order.</summary>
public sealed record TranscriptStep(string Name, string File, IReadOnlyList<Exchange> Exchanges)
{
    public override string ToString() => $"{File}: {Name}";
}

/// <summary>
/// Reads the MyEID fixtures (tests/fixtures/myeid): "# step: command" before each tool run, "# step: rc=N, M APDUs"
/// after it, "# ATR" and "# vpcd" lines for reader events (skipped), "> command" / "< response" pairs.
/// </summary>
public static class MyEidTranscript
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "myeid", name);

    public static List<TranscriptStep> Load(string name)
    {
        var lines = File.ReadAllLines(PathOf(name));
        var steps = new List<TranscriptStep>();
        string? step = null;
        var exchanges = new List<Exchange>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("# ATR", StringComparison.Ordinal) || line.StartsWith("# vpcd", StringComparison.Ordinal))
                continue;
            if (line.StartsWith('#'))
            {
                var text = line.TrimStart('#').Trim();
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) continue;
                var label = text[..colon];
                if (text[(colon + 1)..].TrimStart().StartsWith("rc=", StringComparison.Ordinal))
                {
                    if (step != null) steps.Add(new TranscriptStep(step, name, exchanges));
                    step = null;
                    exchanges = [];
                }
                else if (step == null)
                {
                    step = label;
                }
                continue;
            }
            if (!line.StartsWith("> ", StringComparison.Ordinal))
                throw new FormatException($"{name} line {i + 1}: expected a command line");
            var next = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
            if (!next.StartsWith("< ", StringComparison.Ordinal))
                throw new FormatException($"{name} line {i + 2}: expected a response line");
            exchanges.Add(new Exchange(i + 1, step ?? "", Hex.Parse(line[2..]), Hex.Parse(next[2..])));
            i++;
        }
        return steps;
    }

    /// <summary>Every tool run of every fixture file, in the order they were recorded (counts.txt).</summary>
    public static List<TranscriptStep> RecordedOrder()
    {
        var all = new[] { "personalise.apdu", "opensc-L.apdu", "opensc-O.apdu", "opensc-sign-rsa.apdu", "opensc-sign-ec.apdu",
                "opensc-misc.apdu", "opensc-decrypt.apdu", "opensc-pin.apdu", "opensc-test.apdu" }
            .SelectMany(Load).ToList();
        var order = File.ReadAllLines(PathOf("counts.txt"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l[..l.IndexOf("rc=", StringComparison.Ordinal)].Trim())
            .ToList();
        var sorted = new List<TranscriptStep>();
        foreach (var label in order)
        {
            var match = all.FirstOrDefault(s => s.Name == label && !sorted.Contains(s))
                        ?? throw new InvalidOperationException($"no fixture section for '{label}'");
            sorted.Add(match);
        }
        Assert.Equal(all.Count, sorted.Count);
        return sorted;
    }
}
