namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>The constructed data objects the card answers to GET DATA (§4.4.1), built from its state.</summary>
internal static class DataObjects
{
    /// <summary>
    /// Application related data 6E: AID, historical bytes (no 7F66, see <see cref="CardProfile.HistoricalBytes"/>), and the discretionary
    /// data objects 73 (extended capabilities, the three algorithm attributes, PW status, fingerprints, CA
    /// fingerprints, generation times, key information).
    /// </summary>
    public static byte[] ApplicationRelatedData(OpenPgpState s)
    {
        var discretionary = new List<byte>();
        PgpTlv.Add(discretionary, PgpSpec.Tag.ExtendedCapabilities, CardProfile.ExtendedCapabilities());
        foreach (var slot in KeySlots.All)
            PgpTlv.Add(discretionary, PgpSpec.Tag.AlgorithmAttributesSignature + (int)slot, s[slot].Attributes.Raw);
        PgpTlv.Add(discretionary, PgpSpec.Tag.PwStatusBytes, PwStatusBytes(s));
        PgpTlv.Add(discretionary, PgpSpec.Tag.Fingerprints, Fingerprints(s));
        PgpTlv.Add(discretionary, PgpSpec.Tag.CaFingerprints, CaFingerprints(s));
        PgpTlv.Add(discretionary, PgpSpec.Tag.GenerationTimes, GenerationTimes(s));
        PgpTlv.Add(discretionary, PgpSpec.Tag.KeyInformation, KeyInformation(s));

        var content = new List<byte>();
        PgpTlv.Add(content, PgpSpec.Tag.Aid, s.Aid());
        PgpTlv.Add(content, PgpSpec.Tag.HistoricalBytes, CardProfile.HistoricalBytes);
        PgpTlv.Add(content, PgpSpec.Tag.DiscretionaryDataObjects, discretionary.ToArray());
        return content.ToArray();
    }

    /// <summary>Cardholder related data 65: name, language preference, salutation (§4.4.3.3).</summary>
    public static byte[] CardholderRelatedData(OpenPgpState s)
    {
        var content = new List<byte>();
        PgpTlv.Add(content, PgpSpec.Tag.Name, s.Name);
        PgpTlv.Add(content, PgpSpec.Tag.LanguagePreference, s.Language);
        PgpTlv.Add(content, PgpSpec.Tag.Salutation, s.Salutation);
        return content.ToArray();
    }

    /// <summary>Security support template 7A: the digital signature counter 93 (3 bytes).</summary>
    public static byte[] SecuritySupportTemplate(OpenPgpState s) => PgpTlv.Encode(PgpSpec.Tag.SignatureCounter, SignatureCounter(s));

    public static byte[] SignatureCounter(OpenPgpState s) =>
        [(byte)(s.SignatureCounter >> 16), (byte)(s.SignatureCounter >> 8), (byte)s.SignatureCounter];

    /// <summary>
    /// PW status bytes C4 (§4.4.3.9): PW1 policy (00 one PSO:CDS per VERIFY, 01 several), maximum lengths of PW1,
    /// resetting code and PW3 (127, UTF-8), and the three retry counters.
    /// </summary>
    public static byte[] PwStatusBytes(OpenPgpState s) =>
    [
        s.Pw1ValidForSeveralSignatures ? (byte)1 : (byte)0, 0x7F, 0x7F, 0x7F,
        (byte)s.Pw1.Tries, (byte)s.ResettingCode.Tries, (byte)s.Pw3.Tries,
    ];

    public static byte[] Fingerprints(OpenPgpState s) => [.. s.Keys.SelectMany(k => k.Fingerprint)];

    public static byte[] CaFingerprints(OpenPgpState s) => [.. s.Keys.SelectMany(k => k.CaFingerprint)];

    public static byte[] GenerationTimes(OpenPgpState s) => [.. s.Keys.SelectMany(k => k.GenerationTime)];

    /// <summary>Key information DE (§4.4.3.13): key reference and status (00 none, 01 generated, 02 imported) per key.</summary>
    public static byte[] KeyInformation(OpenPgpState s) =>
        [.. KeySlots.All.SelectMany(slot => new[] { (byte)((int)slot + 1), (byte)s[slot].Origin })];

    /// <summary>Algorithm information FA (§4.4.3.11): every attribute value each key takes.</summary>
    public static byte[] AlgorithmInformation()
    {
        var content = new List<byte>();
        foreach (var slot in KeySlots.All)
            foreach (var attributes in AlgorithmAttributes.Supported(slot))
                PgpTlv.Add(content, PgpSpec.Tag.AlgorithmAttributesSignature + (int)slot, attributes);
        return content.ToArray();
    }
}
