using System.Globalization;
using SharpSC.Cards.Registry;
using SharpSC.Cli.Errors;

namespace SharpSC.Cli.Connection;

/// <summary>
/// Picks the application --app names among those found on a card: its position (0 is the first), its name
/// ("IsoApplet", "OpenPGP"; case and punctuation do not matter, so "piv", "openpgp", "genericpkcs15" work), or
/// a unique part of a name; by default the card's first application.
/// </summary>
internal static class ApplicationChoice
{
    public static CardApplication Pick(CardApplications found, string? wanted, ReaderInfo reader)
    {
        var list = found.Found;
        if (wanted is null)
            return list[0];
        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return index < list.Count ? list[index] : throw NotOnCard($"there is no application {index}", list, reader);
        var key = Simplify(wanted);
        var exact = list.Where(a => Simplify(a.Name) == key).ToList();
        var matches = exact.Count > 0 ? exact : list.Where(a => Simplify(a.Name).Contains(key, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw NotOnCard($"no application '{wanted}'", list, reader),
            _ => throw new CliException(ExitCodes.Usage, $"'{wanted}' names several applications ({Describe(matches)}): give its number"),
        };
    }

    private static CliException NotOnCard(string what, IReadOnlyList<CardApplication> list, ReaderInfo reader) =>
        new(ExitCodes.NoCard, $"{what} on the card in reader {reader.Index} ({reader.Name}); it has {Describe(list)}");

    private static string Describe(IEnumerable<CardApplication> list) =>
        string.Join(", ", list.Select((a, i) => $"{i}: {a.Name}"));

    private static string Simplify(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
