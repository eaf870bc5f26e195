namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// What this card announces about itself: historical bytes, extended capabilities, extended length information
/// and its answer-to-reset. Hosts read these; nothing here may claim more than the applet does.
/// </summary>
internal static class CardProfile
{
    public const int MaxChallengeLength = 0x0400;
    public const int MaxCommandData = 0x1000;
    public const int MaxResponseData = 0x1000;

    /// <summary>Upper bound of data gathered through command chaining (a certificate or an RSA-4096 import fits).</summary>
    public const int MaxChainedData = 0x2000;

    /// <summary>
    /// Historical bytes (§6.1, ISO 7816-4 §8.1.1): category 00; card service data 31 C5 (selection by full and
    /// partial DF name, data objects readable by GET DATA); card capabilities 73 C0 01 C0 (command chaining,
    /// extended Lc/Le); status 05 90 00 (operational).
    /// No extended length information (bit 0x20, DO 7F66): with 7F66 present OpenSC 0.23 asks Le 0100 in the
    /// extended GENERATE of an RSA key over PC/SC, receives 256 of the 270 bytes and stores no fingerprint;
    /// without it, it asks Le 0000 and works. GnuPG does not read 7F66. The limits below still hold.
    /// </summary>
    public static readonly byte[] HistoricalBytes = [0x00, 0x31, 0xC5, 0x73, 0xC0, 0x01, 0xC0, 0x05, 0x90, 0x00];

    /// <summary>
    /// ATR of a standalone OpenPGP card: the structure of the OpenPGP card v3 (TA1 18, TC1 FF, T=1 with IFSC FE and
    /// BWI/CWI 7/5, TA4 03, TCK) carrying the historical bytes above, so a host that reads the card capabilities
    /// from the ATR (OpenSC) and one that reads DO 5F52 (GnuPG) learn the same.
    /// </summary>
    public static byte[] Atr()
    {
        byte[] body = [0x3B, 0xDA, 0x18, 0xFF, 0x81, 0xB1, 0xFE, 0x75, 0x1F, 0x03, .. HistoricalBytes];
        byte tck = 0;
        for (var i = 1; i < body.Length; i++) tck ^= body[i];
        return [.. body, tck];
    }

    /// <summary>
    /// Extended capabilities C0 (§4.4.3.7, v3 layout): GET CHALLENGE, key import, PW status changeable, private use
    /// DOs, algorithm attributes changeable (7C; no secure messaging, no AES, no KDF); SM algorithm 00; maximum
    /// challenge, cardholder certificate and special DO lengths; no PIN block 2 format; MSE for keys 2 and 3.
    /// </summary>
    public static byte[] ExtendedCapabilities() =>
    [
        0x7C, 0x00,
        MaxChallengeLength >> 8, MaxChallengeLength & 0xFF,
        OpenPgpState.MaxCertificateLength >> 8, OpenPgpState.MaxCertificateLength & 0xFF,
        0x00, OpenPgpState.MaxSpecialDoLength,
        0x00, 0x01,
    ];

    /// <summary>
    /// KDF-DO F9 (§4.3.2): 81 01 00, no key derivation of passwords. The card does not offer KDF (extended
    /// capabilities bit 1 is 0), and answers what hosts that read F9 anyway (GnuPG does on cards that offer it) expect.
    /// </summary>
    public static readonly byte[] KdfNotUsed = [0x81, 0x01, 0x00];

}
