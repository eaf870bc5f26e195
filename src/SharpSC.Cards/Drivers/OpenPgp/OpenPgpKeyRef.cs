namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>The three keys of an OpenPGP card (§4.4.3): key numbers as GnuPG's OPENPGP.1/2/3.</summary>
public enum OpenPgpKeyRef
{
    Signature = 1,
    Decryption = 2,
    Authentication = 3,
}

public static class OpenPgpKeyRefs
{
    public static IReadOnlyList<OpenPgpKeyRef> All { get; } = [OpenPgpKeyRef.Signature, OpenPgpKeyRef.Decryption, OpenPgpKeyRef.Authentication];

    /// <summary>Index 0..2 into the per-key arrays of 6E (C5, CD, ...).</summary>
    public static int Index(this OpenPgpKeyRef key) => (int)key - 1;

    /// <summary>Control reference template naming the key in GENERATE and key import (§7.2.14): B6, B8, A4.</summary>
    public static byte Crt(this OpenPgpKeyRef key) => key switch
    {
        OpenPgpKeyRef.Signature => 0xB6,
        OpenPgpKeyRef.Decryption => 0xB8,
        _ => 0xA4,
    };

    /// <summary>Tag of the key's algorithm attributes (C1-C3), fingerprint (C7-C9), CA fingerprint (CA-CC), time (CE-D0).</summary>
    public static int AttributesTag(this OpenPgpKeyRef key) => OpenPgpSpec.Tag.AlgorithmAttributesSignature + key.Index();

    public static int FingerprintTag(this OpenPgpKeyRef key) => OpenPgpSpec.Tag.FingerprintSignature + key.Index();

    public static int CaFingerprintTag(this OpenPgpKeyRef key) => OpenPgpSpec.Tag.CaFingerprintSignature + key.Index();

    public static int GenerationTimeTag(this OpenPgpKeyRef key) => OpenPgpSpec.Tag.GenerationTimeSignature + key.Index();

    /// <summary>SELECT DATA occurrence of the key's certificate in DO 7F21 (§7.2.5): 0 authentication, 1 decryption, 2 signature.</summary>
    public static byte CertificateOccurrence(this OpenPgpKeyRef key) => (byte)(3 - (int)key);

    /// <summary>Names as OpenSC's pkcs15-openpgp gives the keys (CKA_LABEL), so existing pkcs11: URIs keep working.</summary>
    public static string Label(this OpenPgpKeyRef key) => key switch
    {
        OpenPgpKeyRef.Signature => "Signature key",
        OpenPgpKeyRef.Decryption => "Encryption key",
        _ => "Authentication key",
    };

    /// <summary>Short names for tools ("sig", "dec", "aut").</summary>
    public static string ShortName(this OpenPgpKeyRef key) => key switch
    {
        OpenPgpKeyRef.Signature => "sig",
        OpenPgpKeyRef.Decryption => "dec",
        _ => "aut",
    };

    public static OpenPgpKeyRef? FromShortName(string name) => name.ToLowerInvariant() switch
    {
        "sig" or "1" or "signature" => OpenPgpKeyRef.Signature,
        "dec" or "enc" or "2" or "decryption" or "encryption" => OpenPgpKeyRef.Decryption,
        "aut" or "auth" or "3" or "authentication" => OpenPgpKeyRef.Authentication,
        _ => null,
    };
}
