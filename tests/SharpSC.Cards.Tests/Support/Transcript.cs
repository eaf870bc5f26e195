namespace SharpSC.Cards.Tests.Support;

/// <summary>
/// A fixture transcript of the genuine IsoApplet (tests/fixtures/isoapplet/*.apdu): "> command", "&lt; response",
/// "# comment" lines. Tests take their card answers from here, so a scripted card says only what the real
/// applet said.
/// </summary>
public sealed class Transcript
{
    public sealed record Exchange(int Line, string Command, string Response, string Comment);

    private Transcript(string name, List<Exchange> exchanges)
    {
        Name = name;
        Exchanges = exchanges;
    }

    public string Name { get; }
    public IReadOnlyList<Exchange> Exchanges { get; }

    public static Transcript Load(string name, string folder = "isoapplet")
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", folder, name);
        var exchanges = new List<Exchange>();
        string? command = null;
        var comment = "";
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.StartsWith('#'))
                comment = line.TrimStart('#', ' ');
            else if (line.StartsWith("> ", StringComparison.Ordinal))
                command = line[2..].Trim().ToUpperInvariant();
            else if (line.StartsWith("< ", StringComparison.Ordinal) && command != null)
            {
                exchanges.Add(new Exchange(number, command, line[2..].Trim().ToUpperInvariant(), comment));
                command = null;
            }
        }
        return new Transcript(name, exchanges);
    }

    /// <summary>The response the card gave to the first exchange with exactly this command (and, if given, ending in <paramref name="status"/>).</summary>
    public string ResponseTo(string command, string? status = null) =>
        Exchanges.FirstOrDefault(e => e.Command == command.ToUpperInvariant() && (status == null || e.Response.EndsWith(status, StringComparison.Ordinal)))?.Response
        ?? throw new InvalidOperationException($"{Name} has no command {command}{(status == null ? "" : " answered " + status)}.");

    /// <summary>The response to <paramref name="command"/> in the first such exchange after <paramref name="anchor"/> (e.g. READ BINARY after the SELECT of a file).</summary>
    public string ResponseAfter(string anchor, string command)
    {
        var start = Find(anchor, 0) ?? throw new InvalidOperationException($"{Name} has no command {anchor}.");
        var index = Exchanges.ToList().IndexOf(start);
        for (var i = index + 1; i < Exchanges.Count; i++)
            if (Exchanges[i].Command == command.ToUpperInvariant())
                return Exchanges[i].Response;
        throw new InvalidOperationException($"{Name} has no {command} after {anchor}.");
    }

    public bool Contains(string command, string response) =>
        Exchanges.Any(e => e.Command == command.ToUpperInvariant() && e.Response == response.ToUpperInvariant());

    private Exchange? Find(string command, int skip) =>
        Exchanges.Where(e => e.Command == command.ToUpperInvariant()).Skip(skip).FirstOrDefault();
}
