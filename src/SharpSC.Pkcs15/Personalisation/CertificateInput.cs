using System.Text;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>The encodings a certificate file may have.</summary>
public enum CertificateFormat
{
    /// <summary>PEM when the file has a BEGIN CERTIFICATE line, DER otherwise.</summary>
    Auto,
    Pem,
    Der,
}

/// <summary>Reads X.509 certificates from PEM (one or more blocks, RFC 7468) or DER files, checking each parses.</summary>
public static class CertificateInput
{
    private const string Begin = "-----BEGIN CERTIFICATE-----";
    private const string End = "-----END CERTIFICATE-----";

    /// <summary>The DER certificates in <paramref name="data"/>, in file order (at least one).</summary>
    /// <exception cref="PersonalisationException">InvalidInput: no certificate, bad Base64, or not X.509.</exception>
    public static IReadOnlyList<byte[]> Read(ReadOnlySpan<byte> data, CertificateFormat format = CertificateFormat.Auto, string source = "certificate file")
    {
        var looksPem = LooksLikePem(data);
        var pem = format == CertificateFormat.Pem || (format == CertificateFormat.Auto && looksPem);
        if (format == CertificateFormat.Der && looksPem)
            throw new PersonalisationException(PersonalisationError.InvalidInput, $"{source} is PEM, not DER (use --format pem)");
        var certificates = pem ? ReadPem(data, source) : [data.ToArray()];
        foreach (var der in certificates)
        {
            try
            {
                ObjectWriter.Parse(der);
            }
            catch (PersonalisationException e)
            {
                throw new PersonalisationException(PersonalisationError.InvalidInput,
                    $"{source} does not hold a valid {(pem ? "PEM" : "DER")} certificate ({e.Message})", e);
            }
        }
        return certificates;
    }

    private static bool LooksLikePem(ReadOnlySpan<byte> data) => data.IndexOf(Encoding.ASCII.GetBytes(Begin)) >= 0;

    private static List<byte[]> ReadPem(ReadOnlySpan<byte> data, string source)
    {
        var text = Encoding.ASCII.GetString(data);
        var result = new List<byte[]>();
        var at = 0;
        while ((at = text.IndexOf(Begin, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + Begin.Length;
            var end = text.IndexOf(End, start, StringComparison.Ordinal);
            if (end < 0)
                throw new PersonalisationException(PersonalisationError.InvalidInput, $"{source}: a PEM certificate has no END line");
            try
            {
                result.Add(Convert.FromBase64String(text[start..end]));
            }
            catch (FormatException e)
            {
                throw new PersonalisationException(PersonalisationError.InvalidInput, $"{source}: the PEM certificate is not valid Base64", e);
            }
            at = end + End.Length;
        }
        if (result.Count == 0)
            throw new PersonalisationException(PersonalisationError.InvalidInput, $"{source} holds no PEM certificate");
        return result;
    }
}
