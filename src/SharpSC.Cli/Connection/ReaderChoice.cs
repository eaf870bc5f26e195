using System.Globalization;
using SharpSC.Cli.Errors;

namespace SharpSC.Cli.Connection;

/// <summary>Picks the reader -r names (an index, an exact name, or a unique part of a name), else the first with a card.</summary>
internal static class ReaderChoice
{
    public static ReaderInfo Pick(IReadOnlyList<ReaderInfo> readers, string? wanted)
    {
        if (readers.Count == 0)
            throw new CliException(ExitCodes.NoCard, "no smart card reader found");
        ReaderInfo reader;
        if (wanted is null)
        {
            reader = readers.FirstOrDefault(r => r.CardPresent)
                ?? throw new CliException(ExitCodes.NoCard, $"no card in any reader ({Describe(readers)})");
            return reader;
        }
        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            reader = index < readers.Count ? readers[index]
                : throw new CliException(ExitCodes.NoCard, $"there is no reader {index} ({Describe(readers)})");
        }
        else
        {
            var matches = readers.Where(r => r.Name == wanted).ToList();
            if (matches.Count == 0)
                matches = readers.Where(r => r.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            reader = matches.Count switch
            {
                1 => matches[0],
                0 => throw new CliException(ExitCodes.NoCard, $"no reader named '{wanted}' ({Describe(readers)})"),
                _ => throw new CliException(ExitCodes.Usage, $"'{wanted}' names several readers ({Describe(matches)}): give its index"),
            };
        }
        if (!reader.CardPresent)
            throw new CliException(ExitCodes.NoCard, $"no card in reader {reader.Index} ({reader.Name})");
        return reader;
    }

    private static string Describe(IEnumerable<ReaderInfo> readers) =>
        string.Join(", ", readers.Select(r => $"{r.Index}: {r.Name}{(r.CardPresent ? "" : " (empty)")}"));
}
