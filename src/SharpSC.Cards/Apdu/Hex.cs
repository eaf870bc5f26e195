using System.Globalization;

namespace SharpSC.Cards.Apdu;

/// <summary>Hexadecimal text for APDUs, paths and traces (upper case, no separators).</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>Parses hex digits; spaces, colons and line breaks between byte pairs are ignored.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<char> digits = text.Length <= 1024 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (c is ' ' or ':' or '\n' or '\r' or '\t') continue;
            if (!char.IsAsciiHexDigit(c))
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{c}' is not a hex digit in \"{text}\"."));
            digits[n++] = c;
        }
        if (n % 2 != 0)
            throw new FormatException($"Odd number of hex digits in \"{text}\".");
        return Convert.FromHexString(digits[..n]);
    }
}
