using System.Text;

namespace SharpSC.Pkcs15.Asn1;

/// <summary>Character-string content conversions used by the DER reader and writer.</summary>
internal static class DerText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes string content by universal type. Invalid UTF-8 falls back to Latin-1 so that a
    /// card with a mis-encoded label stays readable (the text is then re-encoded as UTF-8).
    /// </summary>
    public static string? Decode(int universalType, ReadOnlySpan<byte> content)
    {
        switch (universalType)
        {
            case 12:
                try
                {
                    return StrictUtf8.GetString(content);
                }
                catch (DecoderFallbackException)
                {
                    return Encoding.Latin1.GetString(content);
                }
            case 30:
                return content.Length % 2 == 0 ? Encoding.BigEndianUnicode.GetString(content) : null;
            default:
                return Encoding.Latin1.GetString(content);
        }
    }

    public static byte[] Encode(int universalType, string text) => universalType switch
    {
        12 => Encoding.UTF8.GetBytes(text),
        30 => Encoding.BigEndianUnicode.GetBytes(text),
        _ => EncodeSingleByte(text, universalType),
    };

    private static byte[] EncodeSingleByte(string text, int universalType)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
                throw new ArgumentException($"character U+{(int)text[i]:X4} cannot be written as a {new Asn1Tag(TagClass.Universal, universalType, false)}", nameof(text));
            bytes[i] = (byte)text[i];
        }
        return bytes;
    }
}
