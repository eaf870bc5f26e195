using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.Replay;

/// <summary>One command and the genuine applet's answer from a fixture, with the comments above it.</summary>
public sealed record Exchange(int Line, string Comment, byte[] Command, byte[] Response)
{
    public ushort StatusWord => (ushort)(Response[^2] << 8 | Response[^1]);
    public byte[] ResponseData => Response[..^2];
    public byte Ins => Command[1];
    public override string ToString() => $"line {Line} ({Comment}): > {Hex.Format(Command)}";
}

/// <summary>Parses the fixture format: "> command hex", next line "< response hex", "#" comments.</summary>
public static class Transcript
{
    public static string PathOf(string name, string folder = "isoapplet") => Path.Combine(AppContext.BaseDirectory, "fixtures", folder, name);

    public static List<Exchange> Load(string name, string folder = "isoapplet")
    {
        var lines = File.ReadAllLines(PathOf(name, folder));
        var list = new List<Exchange>();
        var comment = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                comment = line.TrimStart('#').Trim();
                continue;
            }
            if (!line.StartsWith("> ", StringComparison.Ordinal))
                throw new FormatException($"{name} line {i + 1}: expected a command line, got '{line}'");
            var next = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
            if (!next.StartsWith("< ", StringComparison.Ordinal))
                throw new FormatException($"{name} line {i + 2}: expected a response line");
            list.Add(new Exchange(i + 1, comment, Hex.Parse(line[2..]), Hex.Parse(next[2..])));
            i++;
        }
        return list;
    }
}
