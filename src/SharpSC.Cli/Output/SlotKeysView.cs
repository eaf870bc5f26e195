using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SharpSC.Cli.Output;

/// <summary>
/// The keys of a card with fixed key slots (PIV, OpenPGP) as `sharpsc list` and `sharpsc dump` show them: one
/// block per slot with its key, its PKCS#11 URIs and its certificate; dump adds the PEMs and the certificate's details.
/// </summary>
internal static class SlotKeysView
{
    public static JsonSlotCertificate? Certificate(byte[]? der, string uri, bool withPem)
    {
        if (der is null)
            return null;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return new JsonSlotCertificate(certificate.Subject, certificate.Issuer, certificate.SerialNumber, Time(certificate.NotBefore),
                Time(certificate.NotAfter), uri, withPem ? Commands.CommandSupport.Pem("CERTIFICATE", der) : null);
        }
        catch (CryptographicException)
        {
            return new JsonSlotCertificate("(not an X.509 certificate)", null, null, null, null, uri, null);
        }
    }

    public static void Write(TextWriter o, JsonSlotCard card, bool dump)
    {
        TextBlock.Write(o, [("Reader", card.Reader), ("Application", card.Application), ("Token", card.Token)], indent: 0);
        foreach (var key in card.Keys)
        {
            o.WriteLine($"Slot {key.Slot} ({key.Name}), id {key.Id}: {key.Algorithm}");
            var facts = new[]
            {
                key.PinPolicy is { } p ? "PIN " + p : null,
                key.TouchPolicy is { } t ? "touch " + t : null,
                key.Generated is bool g ? g ? "generated on the card" : "imported" : null,
            }.OfType<string>().ToList();
            var c = key.Certificate;
            TextBlock.Write(o, [
                ("Policy", facts.Count > 0 ? string.Join(", ", facts) : null),
                ("Fingerprint", key.Fingerprint),
                ("Created", key.Created),
                ("URI", key.Uri),
                ("Certificate", c?.Subject ?? "none"),
                ("Issuer", dump ? c?.Issuer : null),
                ("Serial", dump ? c?.Serial : null),
                ("Valid", c?.NotAfter is null ? null : dump ? $"{c.NotBefore} to {c.NotAfter}" : "until " + c.NotAfter),
                ("Cert URI", c?.Uri),
            ]);
            if (key.PublicKeyPem is { } pem)
                o.Write(pem);
            if (c?.Pem is { } certificatePem)
                o.Write(certificatePem);
        }
        if (card.Keys.Count == 0)
            o.WriteLine("No keys.");
    }

    private static string Time(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
