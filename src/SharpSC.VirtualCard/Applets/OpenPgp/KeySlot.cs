namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>The three keys of the application (§4.4.3): signature (CRT B6), decryption (B8), authentication (A4).</summary>
internal enum KeySlot
{
    Signature = 0,
    Decryption = 1,
    Authentication = 2,
}

/// <summary>How a key came onto the card (key information DO DE, §4.4.3.13).</summary>
internal enum KeyOrigin : byte
{
    None = 0,
    Generated = 1,
    Imported = 2,
}

internal static class KeySlots
{
    public static readonly KeySlot[] All = [KeySlot.Signature, KeySlot.Decryption, KeySlot.Authentication];

    /// <summary>The key a control reference template names; anything else is 6A80.</summary>
    public static KeySlot FromCrt(byte crt) => crt switch
    {
        PgpSpec.Crt.Signature => KeySlot.Signature,
        PgpSpec.Crt.Decryption => KeySlot.Decryption,
        PgpSpec.Crt.Authentication => KeySlot.Authentication,
        _ => throw Iso.IsoException.Of(Iso.StatusWords.WrongData),
    };

    public static byte Crt(this KeySlot slot) => slot switch
    {
        KeySlot.Signature => PgpSpec.Crt.Signature,
        KeySlot.Decryption => PgpSpec.Crt.Decryption,
        _ => PgpSpec.Crt.Authentication,
    };

    /// <summary>SELECT DATA occurrence of the slot's certificate (§7.2.5): 0 authentication, 1 decryption, 2 signature.</summary>
    public static int CertificateOccurrence(this KeySlot slot) => 2 - (int)slot;
}
