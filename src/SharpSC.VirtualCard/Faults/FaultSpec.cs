using System.Globalization;

namespace SharpSC.VirtualCard.Faults;

/// <summary>
/// Parses a fault specification: ACTION [ins=XX] [nth=N] [count=N|*], words separated by spaces.
/// Actions: delay=MS, hang, drop, drop-after, drop-mid, truncate=N, corrupt[=OFFSET], sw=XXXX, loop61=XX, loop6c=XX.
/// </summary>
public static class FaultSpec
{
    /// <summary>The rule, or a FormatException whose message says what is wrong.</summary>
    public static FaultRule Parse(string spec)
    {
        var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) throw new FormatException("empty fault specification");
        var (kind, argument) = Action(words[0]);
        byte? ins = null;
        var nth = 1;
        int? count = null;
        foreach (var word in words.Skip(1))
        {
            var (key, value) = Split(word);
            switch (key)
            {
                case "ins":
                    ins = HexByte(value ?? throw Missing(word));
                    break;
                case "nth":
                    nth = Number(value ?? throw Missing(word), 1, int.MaxValue, word);
                    break;
                case "count":
                    count = value == "*" ? -1 : Number(value ?? throw Missing(word), 1, int.MaxValue, word);
                    break;
                default:
                    throw new FormatException($"unknown selector '{word}' (use ins=XX, nth=N, count=N or count=*)");
            }
        }
        var defaultCount = kind is FaultKind.Loop61 or FaultKind.Loop6C ? -1 : 1;
        return new FaultRule(kind, argument, ins, nth, count ?? defaultCount);
    }

    private static (FaultKind, int) Action(string word)
    {
        var (key, value) = Split(word);
        return key switch
        {
            "delay" => (FaultKind.Delay, Number(value ?? throw Missing(word), 0, 600_000, word)),
            "hang" when value == null => (FaultKind.Hang, 0),
            "drop" when value == null => (FaultKind.Drop, 0),
            "drop-after" when value == null => (FaultKind.DropAfter, 0),
            "drop-mid" when value == null => (FaultKind.DropMid, 0),
            "truncate" => (FaultKind.Truncate, Number(value ?? throw Missing(word), 0, 65_538, word)),
            "corrupt" => (FaultKind.Corrupt, value == null ? 0 : Number(value, -65_538, 65_537, word)),
            "sw" => (FaultKind.StatusWord, HexWord(value ?? throw Missing(word))),
            "loop61" => (FaultKind.Loop61, HexByte(value ?? throw Missing(word))),
            "loop6c" => (FaultKind.Loop6C, HexByte(value ?? throw Missing(word))),
            _ => throw new FormatException(
                $"unknown fault action '{word}' (use delay=MS, hang, drop, drop-after, drop-mid, truncate=N, corrupt[=OFFSET], sw=XXXX, loop61=XX, loop6c=XX)"),
        };
    }

    private static (string Key, string? Value) Split(string word)
    {
        var eq = word.IndexOf('=');
        return eq < 0 ? (word.ToLowerInvariant(), null) : (word[..eq].ToLowerInvariant(), word[(eq + 1)..]);
    }

    private static int Number(string text, int min, int max, string word) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"'{word}': expected a number from {min} to {max}");

    private static byte HexByte(string text) =>
        text.Length == 2 && byte.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b)
            ? b
            : throw new FormatException($"'{text}' is not one hex byte (two hex digits)");

    private static int HexWord(string text) =>
        text.Length == 4 && ushort.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var w)
            ? w
            : throw new FormatException($"'{text}' is not a status word (four hex digits)");

    private static FormatException Missing(string word) => new($"'{word}' needs a value");
}
