using System.Text;

namespace SharpSC.Cli.Output;

/// <summary>
/// RFC 7512 PKCS#11 URIs for the objects on a card: pkcs11:token=..;id=..;object=..;type=..
/// Attribute values are percent-encoded per §2.3 (everything outside unreserved and pk11-path-res, and
/// every byte of the id); the token label is cut to the 32 bytes of CK_TOKEN_INFO.label.
/// </summary>
internal static class Pkcs11Uri
{
    private const int TokenLabelBytes = 32;

    /// <summary>RFC 3986 unreserved plus RFC 7512 pk11-path-res (':' '[' ']' '@' '!' '$' '\'' '(' ')' '*' '+' ',' '=' '&amp;').</summary>
    private const string Allowed = "-._~:[]@!$'()*+,=&";

    public static string For(string? tokenLabel, ReadOnlySpan<byte> id, string? objectLabel, string type)
    {
        var uri = new StringBuilder("pkcs11:");
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(tokenLabel))
            parts.Add("token=" + Encode(TokenLabel(tokenLabel)));
        if (!id.IsEmpty)
            parts.Add("id=" + EncodeBytes(id));
        if (!string.IsNullOrEmpty(objectLabel))
            parts.Add("object=" + Encode(objectLabel));
        parts.Add("type=" + type);
        return uri.Append(string.Join(';', parts)).ToString();
    }

    /// <summary>Percent-encodes a text attribute value (UTF-8, RFC 7512 §2.3).</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || Allowed.Contains((char)b, StringComparison.Ordinal)))
                text.Append((char)b);
            else
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>Every byte as %XX (how p11tool and OpenSC print ids).</summary>
    public static string EncodeBytes(ReadOnlySpan<byte> value)
    {
        var text = new StringBuilder(value.Length * 3);
        foreach (var b in value)
            text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The label as a PKCS#11 module shows it: at most 32 UTF-8 bytes, cut at a character boundary, trailing blanks dropped.</summary>
    public static string TokenLabel(string label)
    {
        var bytes = Encoding.UTF8.GetBytes(label);
        if (bytes.Length > TokenLabelBytes)
        {
            var cut = TokenLabelBytes;
            while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
                cut--;
            label = Encoding.UTF8.GetString(bytes, 0, cut);
        }
        return label.TrimEnd(' ');
    }
}
