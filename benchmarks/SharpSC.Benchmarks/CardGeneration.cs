namespace SharpSC.Benchmarks;

/// <summary>The card the virtual card runs (docs/VIRTUALCARD.md): an IsoApplet generation, MyEID, PIV or OpenPGP.</summary>
public enum CardGeneration
{
    /// <summary>IsoApplet v0 (API 00.06): short APDUs, 256-byte reads, on-card SHA-1 for ECDSA.</summary>
    V0,

    /// <summary>IsoApplet v1 (API 01.00): extended APDUs; OpenSC 0.23 does not drive it.</summary>
    V1,

    /// <summary>MyEID 4.5 (OsEID's emulation): raw RSA, host-hashed ECDSA; OpenSC 0.23 drives it with its myeid driver.</summary>
    MyEid,

    /// <summary>A virtual YubiKey's PIV application (issue 13), in a Yubico-named reader so that ykcs11 sees it too.</summary>
    Piv,

    /// <summary>An OpenPGP card 3.4 application (issue 14).</summary>
    OpenPgp,
}

public static class CardGenerationNames
{
    public static string Name(this CardGeneration g) => g switch
    {
        CardGeneration.V0 => "v0",
        CardGeneration.V1 => "v1",
        CardGeneration.MyEid => "myeid",
        CardGeneration.Piv => "piv",
        _ => "openpgp",
    };

    /// <summary>PIV and OpenPGP are measured on workflows (a)–(c) and reported in a section of their own.</summary>
    public static bool IsApplication(this CardGeneration g) => g is CardGeneration.Piv or CardGeneration.OpenPgp;

    /// <summary>The workflows measured on the card.</summary>
    public static IReadOnlyList<Workflow> Workflows(this CardGeneration g) =>
        g.IsApplication() ? [Workflow.Info, Workflow.Objects, Workflow.SignRsa] : Workflow.All;

    /// <summary>
    /// CKA_ID of the RSA key the sign workflow uses, where the card holds more than one RSA key: 9A on PIV and the
    /// signature key on OpenPGP are 01 in our module, OpenSC and ykcs11 alike.
    /// </summary>
    public static string? SignKeyId(this CardGeneration g) => g.IsApplication() ? "01" : null;
}
