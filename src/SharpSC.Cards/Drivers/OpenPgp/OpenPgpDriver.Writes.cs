using System.Text;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.OpenPgp;

// PUT DATA of the cardholder's data objects and certificates (§4.4.1), and the factory reset (§7.2.16, §7.2.17).
// Everything here needs PW3 verified, except private DOs 1 and 3 (PW1, 82).
public sealed partial class OpenPgpDriver
{
    /// <summary>The cardholder's name, stored as "Surname&lt;&lt;Given" (at most 39 bytes).</summary>
    public void WriteCardholderName(string displayName) => PutData(OpenPgpSpec.Tag.Name, CardholderData.EncodeName(displayName));

    public void WriteLanguage(string languages) => PutData(OpenPgpSpec.Tag.LanguagePreference, Encoding.ASCII.GetBytes(languages));

    /// <summary>ISO 5218: '1' male, '2' female, '9' not applicable.</summary>
    public void WriteSalutation(char code) => PutData(OpenPgpSpec.Tag.Salutation, [(byte)code]);

    public void WriteUrl(string url) => PutData(OpenPgpSpec.Tag.Url, Encoding.UTF8.GetBytes(url));

    public void WriteLoginData(string login) => PutData(OpenPgpSpec.Tag.LoginData, Encoding.UTF8.GetBytes(login));

    public void WritePrivateDataObject(int number, byte[] value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 4);
        PutData(OpenPgpSpec.Tag.PrivateUse1 + number - 1, value);
    }

    public void WriteCaFingerprint(OpenPgpKeyRef key, byte[] fingerprint) => Run("PUT DATA CA fingerprint", () =>
    {
        PutDataInRun(key.CaFingerprintTag(), fingerprint);
        RefreshApplicationDataInRun();
    });

    /// <summary>
    /// Stores a certificate for a key (SELECT DATA of its occurrence, PUT DATA 7F21); an empty value deletes it.
    /// Cards before 3.0 keep one certificate (the authentication key's).
    /// </summary>
    public void WriteCertificate(OpenPgpKeyRef key, byte[] certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Run("PUT DATA 7F21 " + key.ShortName(), () =>
        {
            var max = ApplicationData.ExtendedCapabilities.MaxCertificateLength;
            if (max > 0 && certificate.Length > max)
                throw new CardException(CardError.NotEnoughMemory, $"The certificate has {certificate.Length} bytes; this card keeps at most {max}.");
            if (!SelectCertificate(key))
                throw new CardException(CardError.NotSupportedByDriver, $"This card (OpenPGP {Aid.VersionText}) keeps a certificate for the authentication key only.");
            PutDataInRun(OpenPgpSpec.Tag.CardholderCertificate, certificate);
        });
    }

    /// <summary>
    /// Factory reset (§7.2.16-7.2.17): TERMINATE DF, then ACTIVATE FILE. TERMINATE needs PW3 verified or blocked:
    /// with <paramref name="adminPin"/> PW3 is verified; without it PW1 and PW3 are blocked with wrong values first,
    /// as GnuPG's factory-reset does. Every key, password and data object goes back to the card's delivery state.
    /// </summary>
    public void FactoryReset(ReadOnlySpan<byte> adminPin)
    {
        var pin = adminPin.ToArray();
        try
        {
            using var scope = BeginTransaction();
            if (!Terminated)
            {
                if (!ApplicationSelected) SelectApplication();
                if (pin.Length > 0)
                    Verify(OpenPgpPassword.Pw3, pin);
                else
                    BlockPasswords();
                Send("TERMINATE DF", new CommandApdu(0x00, OpenPgpSpec.Ins.TerminateDf, 0x00, 0x00));
            }
            var select = Channel.Transmit(SelectCommand());
            if (!select.IsSuccess && select.StatusWord != OpenPgpSpec.TerminatedState) select.EnsureSuccess("SELECT OpenPGP");
            Send("ACTIVATE FILE", new CommandApdu(0x00, OpenPgpSpec.Ins.ActivateFile, 0x00, 0x00));
            Send("SELECT OpenPGP", SelectCommand());
            ApplicationSelected = true;
            Adopt(ApplicationRelatedData.Parse(Send("GET DATA 6E", GetData(OpenPgpSpec.Tag.ApplicationRelatedData)).Data));
        }
        catch (Transport.CardTransportException)
        {
            ForgetCardState();
            throw;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pin);
        }
    }

    /// <summary>Wrong values for PW1 and PW3 until both are blocked (a bounded number of tries each).</summary>
    private void BlockPasswords()
    {
        byte[] wrong = [0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40];
        foreach (var reference in new[] { OpenPgpSpec.Pw.Pw1Signature, OpenPgpSpec.Pw.Pw3 })
        {
            for (var i = 0; i < 16; i++)
            {
                var sw = Channel.Transmit(new CommandApdu(0x00, OpenPgpSpec.Ins.Verify, 0x00, reference, wrong) { SensitiveData = true }).StatusWord;
                if (sw == StatusWords.AuthenticationMethodBlocked) break;
                if (sw == StatusWords.Success) break; // the card took "@@@@@@@@": PW3 verified does as well
            }
        }
    }

    private void PutData(int tag, byte[] value) => Run("PUT DATA", () => PutDataInRun(tag, value));
}
