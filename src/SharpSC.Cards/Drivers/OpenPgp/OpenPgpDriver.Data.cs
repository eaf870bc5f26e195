using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.OpenPgp;

// Data objects other than keys: cardholder data, URL, login data, signature counter, PW status, algorithm
// information, certificates (§4.4.3, §7.2.5-7.2.8).
public sealed partial class OpenPgpDriver
{
    public CardholderData ReadCardholderData() => Run("GET DATA 65", () =>
        CardholderData.Parse(Send("GET DATA 65", GetData(OpenPgpSpec.Tag.CardholderRelatedData)).Data));

    public byte[] ReadUrl() => ReadSimple(OpenPgpSpec.Tag.Url, "URL");

    public byte[] ReadLoginData() => ReadSimple(OpenPgpSpec.Tag.LoginData, "login data");

    /// <summary>Private use DO 1-4 (0101-0104); 3 needs PW1 (82), 4 PW3 verified.</summary>
    public byte[] ReadPrivateDataObject(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 4);
        return ReadSimple(OpenPgpSpec.Tag.PrivateUse1 + number - 1, "private use DO");
    }

    /// <summary>The digital signature counter (DO 93 in 7A): signatures made with the signature key.</summary>
    public int ReadSignatureCounter() => Run("GET DATA 7A", () =>
    {
        var dos = TlvSearch.Flatten(Send("GET DATA 7A", GetData(OpenPgpSpec.Tag.SecuritySupportTemplate)).Data);
        var counter = dos.GetValueOrDefault(OpenPgpSpec.Tag.SignatureCounter)
            ?? throw CardException.Malformed("the security support template (7A) lacks the signature counter (93).");
        if (counter.Length is 0 or > 4) throw CardException.Malformed($"signature counter of {counter.Length} bytes.");
        return counter.Aggregate(0, (n, b) => n << 8 | b);
    });

    /// <summary>The PW status bytes as the card has them now (retry counters change with every VERIFY).</summary>
    public PwStatus ReadPwStatus() => Run("GET DATA C4", () => PwStatus.Parse(Send("GET DATA C4", GetData(OpenPgpSpec.Tag.PwStatusBytes)).Data));

    /// <summary>
    /// What each key can be made into (algorithm information DO FA, §4.4.3.11, 3.4 cards); empty when the card
    /// does not say. Entries the driver does not know are kept as unknown attributes.
    /// </summary>
    public IReadOnlyList<(OpenPgpKeyRef Key, AlgorithmAttributes Attributes)> ReadAlgorithmInformation() => Run("GET DATA FA", () =>
    {
        var answer = Channel.Transmit(GetData(OpenPgpSpec.Tag.AlgorithmInformation));
        if (answer.StatusWord is StatusWords.ReferencedDataNotFound or StatusWords.InstructionNotSupported or StatusWords.IncorrectP1P2)
            return (IReadOnlyList<(OpenPgpKeyRef, AlgorithmAttributes)>)[];
        answer.EnsureSuccess("GET DATA FA");
        var elements = Tlv.BerTlv.Parse(answer.Data, skipPadding: false);
        // Some cards wrap the list in FA itself.
        if (elements.Count == 1 && elements[0].Tag == OpenPgpSpec.Tag.AlgorithmInformation)
            elements = Tlv.BerTlv.Parse(elements[0].Value, skipPadding: false);
        var result = new List<(OpenPgpKeyRef, AlgorithmAttributes)>();
        foreach (var e in elements)
        {
            var index = e.Tag - OpenPgpSpec.Tag.AlgorithmAttributesSignature;
            if (index is >= 0 and <= 2) result.Add(((OpenPgpKeyRef)(index + 1), AlgorithmAttributes.Parse(e.Value.Span)));
        }
        return result;
    });

    /// <summary>
    /// The certificate of one key (DO 7F21, occurrence by SELECT DATA, §7.2.5); null when there is none.
    /// Cards before 3.0 have one certificate only (the authentication key's).
    /// </summary>
    public byte[]? ReadCertificate(OpenPgpKeyRef key) => Run("READ certificate " + key.ShortName(), () =>
    {
        if (!SelectCertificate(key)) return null;
        var value = Send("GET DATA 7F21", GetData(OpenPgpSpec.Tag.CardholderCertificate)).Data;
        return value.Length == 0 ? null : value;
    });

    /// <summary>
    /// All three certificates with as few APDUs as the card allows: SELECT DATA of occurrence 0, GET DATA, then
    /// GET NEXT DATA twice (§7.2.7); a card that refuses GET NEXT DATA gets SELECT DATA per occurrence.
    /// </summary>
    public IReadOnlyDictionary<OpenPgpKeyRef, byte[]> ReadCertificates() => Run("READ certificates", () =>
    {
        var result = new Dictionary<OpenPgpKeyRef, byte[]>();
        if (!SelectCertificate(OpenPgpKeyRef.Authentication)) return (IReadOnlyDictionary<OpenPgpKeyRef, byte[]>)result;
        var first = Send("GET DATA 7F21", GetData(OpenPgpSpec.Tag.CardholderCertificate)).Data;
        if (first.Length > 0) result[OpenPgpKeyRef.Authentication] = first;
        if (ApplicationData.Aid.Version < 0x0300) return result;
        var useNext = true;
        foreach (var key in new[] { OpenPgpKeyRef.Decryption, OpenPgpKeyRef.Signature })
        {
            byte[] value;
            if (useNext)
            {
                var next = Channel.Transmit(new Apdu.CommandApdu(0x00, OpenPgpSpec.Ins.GetNextData, 0x7F, 0x21, ne: ResponseLimit));
                if (next.IsSuccess)
                {
                    value = next.Data;
                    if (value.Length > 0) result[key] = value;
                    continue;
                }
                Trace(string.Create(CultureInfo.InvariantCulture, $"GET NEXT DATA answered {next.StatusWord:X4}; using SELECT DATA"));
                useNext = false;
            }
            SelectCertificate(key);
            value = Send("GET DATA 7F21", GetData(OpenPgpSpec.Tag.CardholderCertificate)).Data;
            if (value.Length > 0) result[key] = value;
        }
        return result;
    });

    /// <summary>
    /// SELECT DATA for the key's certificate occurrence (3.0 and later); false on a card with a single
    /// certificate when another key than authentication is asked for.
    /// </summary>
    private bool SelectCertificate(OpenPgpKeyRef key)
    {
        if (ApplicationData.Aid.Version < 0x0300) return key == OpenPgpKeyRef.Authentication;
        byte[] data = [OpenPgpSpec.Tag.TagReference, 0x04, OpenPgpSpec.Tag.TagList, 0x02, 0x7F, 0x21];
        Send("SELECT DATA", new Apdu.CommandApdu(0x00, OpenPgpSpec.Ins.SelectData, key.CertificateOccurrence(), 0x04, data));
        return true;
    }

    private byte[] ReadSimple(int tag, string what) => Run("GET DATA " + what, () =>
    {
        var answer = Channel.Transmit(GetData(tag));
        return answer.StatusWord == StatusWords.ReferencedDataNotFound ? [] : answer.EnsureSuccess("GET DATA " + what).Data;
    });

    private void Trace(string message) => Diagnostics.Log.Debug(TraceComponent, $"{Name}: {message}");
}
