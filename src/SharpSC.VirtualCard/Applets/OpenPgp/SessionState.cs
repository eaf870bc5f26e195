namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>What lasts only while the application is selected: verified passwords, SELECT DATA, MSE, a command chain.</summary>
internal sealed class SessionState
{
    /// <summary>PW1 verified with reference 81: PSO:CDS.</summary>
    public bool Pw1Signature { get; set; }

    /// <summary>PW1 verified with reference 82: PSO:DECIPHER, INTERNAL AUTHENTICATE, private DOs 1 and 3.</summary>
    public bool Pw1Other { get; set; }

    /// <summary>PW3 verified: administration.</summary>
    public bool Pw3 { get; set; }

    /// <summary>SELECT DATA occurrence of DO 7F21 (§7.2.5).</summary>
    public int CertificateOccurrence { get; set; }

    /// <summary>Key used by PSO:DECIPHER and by INTERNAL AUTHENTICATE (MSE, §7.2.18).</summary>
    public KeySlot DecipherKey { get; set; } = KeySlot.Decryption;

    public KeySlot AuthenticationKey { get; set; } = KeySlot.Authentication;

    /// <summary>Command chaining in progress (ISO 7816-4 §5.3.3): the header and the data gathered so far.</summary>
    public (byte Ins, byte P1, byte P2)? ChainHeader { get; set; }

    public List<byte> ChainData { get; } = [];

    public void Clear()
    {
        Pw1Signature = Pw1Other = Pw3 = false;
        CertificateOccurrence = 0;
        DecipherKey = KeySlot.Decryption;
        AuthenticationKey = KeySlot.Authentication;
        ChainHeader = null;
        ChainData.Clear();
    }
}
