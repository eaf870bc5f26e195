namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// The passwords of an OpenPGP card (§4.3): PW1 verified as 81 (signatures) or 82 (everything else), PW3 (admin),
/// and the resetting code that unblocks PW1. UTF-8, PW1 at least 6, the others at least 8 characters.
/// </summary>
public enum OpenPgpPassword
{
    /// <summary>PW1 for PSO:CDS (VERIFY 81).</summary>
    Pw1Signature,

    /// <summary>PW1 for decipher, authentication and private DOs (VERIFY 82).</summary>
    Pw1,

    /// <summary>PW3, the admin password (VERIFY 83).</summary>
    Pw3,

    /// <summary>The resetting code (RC): sets a new PW1 without PW3.</summary>
    ResettingCode,
}
