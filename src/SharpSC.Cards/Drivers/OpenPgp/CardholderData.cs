using System.Text;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// Cardholder related data (DO 65, §4.4.3.3): name as "Surname&lt;&lt;Given&lt;Names" (ISO/IEC 7501-1), language
/// preferences, salutation (ISO 5218: 1 male, 2 female, 9 not applicable).
/// </summary>
public sealed record CardholderData(byte[] Name, byte[] Language, byte[] Salutation)
{
    public static CardholderData Empty { get; } = new([], [], []);

    public static CardholderData Parse(ReadOnlyMemory<byte> answer)
    {
        var dos = TlvSearch.Flatten(answer);
        return new CardholderData(
            dos.GetValueOrDefault(OpenPgpSpec.Tag.Name) ?? [],
            dos.GetValueOrDefault(OpenPgpSpec.Tag.LanguagePreference) ?? [],
            dos.GetValueOrDefault(OpenPgpSpec.Tag.Salutation) ?? []);
    }

    /// <summary>The name as GnuPG shows it: given names first, "&lt;" as spaces; empty when not set.</summary>
    public string DisplayName
    {
        get
        {
            var raw = Encoding.UTF8.GetString(Name);
            var parts = raw.Split("<<", 2);
            var surname = parts[0].Replace('<', ' ').Trim();
            var given = parts.Length > 1 ? parts[1].Replace('<', ' ').Trim() : "";
            return given.Length > 0 ? $"{given} {surname}".Trim() : surname;
        }
    }

    /// <summary>The form cards store: "Doe&lt;&lt;John" from "John Doe" (last word is the surname).</summary>
    public static byte[] EncodeName(string displayName)
    {
        var words = displayName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return [];
        var surname = words[^1];
        var given = string.Join('<', words[..^1]);
        return Encoding.UTF8.GetBytes(given.Length == 0 ? surname : $"{surname}<<{given}");
    }
}
