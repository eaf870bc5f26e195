using SharpSC.Cards.Errors;
using SharpSC.Cards.Transport;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// A PKCS#12 import as one unit: key pair (slot, public key file, PuKDF, PrKDF), the key's certificate with the
/// same id, then the CA certificates not yet on the card. When a step after the key fails, what was stored is
/// deleted again, so the card is as before (the key slot was free and stays free).
/// </summary>
internal sealed class Pkcs12Importer(Pkcs15Personaliser personaliser)
{
    public Pkcs12ImportResult Run(Pkcs12Contents contents, Pkcs12ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var commonName = Pkcs12Reader.CommonName(contents.Certificate);
        var label = options.Label ?? contents.FriendlyName ?? commonName;
        using var transaction = personaliser.Driver.BeginTransaction();
        var key = personaliser.ImportKeyPair(new KeyImportRequest
        {
            Key = contents.Key,
            PublicKey = contents.PublicKey,
            Id = options.Id,
            IdStyle = options.IdStyle,
            Label = label,
            Usage = options.Usage ?? contents.Usage,
            AuthId = options.AuthId,
            Subject = contents.Subject,
        });
        var stored = new List<Pkcs15Object> { key.PublicKey, key.PrivateKey };
        try
        {
            var certificate = personaliser.StoreCertificate(new CertificateStoreRequest
            {
                Certificate = contents.Certificate,
                Id = key.PrivateKey.Key.Id,
                Label = label ?? ObjectWriter.DefaultCertificateLabel,
            }).Object;
            stored.Insert(0, certificate);
            var chain = new List<CertificateObject>();
            if (options.IncludeChain)
            {
                foreach (var ca in contents.Chain)
                {
                    if (AlreadyStored(ca))
                        continue;
                    var caCertificate = personaliser.StoreCertificate(new CertificateStoreRequest
                    {
                        Certificate = ca,
                        IdStyle = options.IdStyle,
                        Label = Pkcs12Reader.CommonName(ca) ?? ObjectWriter.DefaultCertificateLabel,
                        Authority = true,
                    }).Object;
                    chain.Add(caCertificate);
                    stored.Insert(0, caCertificate);
                }
            }
            return new Pkcs12ImportResult(personaliser.Card, key, certificate, chain);
        }
        catch (Exception e) when (e is CardException or CardTransportException or PersonalisationException)
        {
            Undo(stored, e);
            throw;
        }
    }

    /// <summary>True when the card holds a certificate with these exact bytes (a CA shared by several imports).</summary>
    private bool AlreadyStored(byte[] certificate)
    {
        var card = personaliser.Card;
        foreach (var existing in card.Application!.Certificates)
        {
            try
            {
                if (card.ReadValue(existing.Value).AsSpan().SequenceEqual(certificate))
                    return true;
            }
            catch (CardException)
            {
            }
        }
        return false;
    }

    private void Undo(List<Pkcs15Object> stored, Exception cause)
    {
        try
        {
            var current = personaliser.Card.Application;
            var present = stored.Where(o => current?.AllObjects.Contains(o) == true).ToList();
            if (present.Count > 0)
                personaliser.DeleteObjects(present, destroyKeyMaterial: false);
        }
        catch (Exception e) when (e is CardException or CardTransportException or PersonalisationException)
        {
            throw new PersonalisationException(PersonalisationError.Incomplete,
                $"{cause.Message}; the objects stored before that could not all be removed again ({e.Message}): check the card with 'sharpsc list'",
                cause, personaliser.Card);
        }
    }
}
