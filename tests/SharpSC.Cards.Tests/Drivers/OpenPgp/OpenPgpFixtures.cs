using SharpSC.Cards.Apdu;
using SharpSC.Cards.Tests.Support;

namespace SharpSC.Cards.Tests.Drivers.OpenPgp;

/// <summary>Answers of the genuine SmartPGP application (tests/fixtures/openpgp) the driver tests use.</summary>
internal static class OpenPgpFixtures
{
    private static readonly Lazy<Transcript> GnuPgLazy = new(() => Transcript.Load("gnupg.apdu", "openpgp"));
    private static readonly Lazy<Transcript> PersonaliseLazy = new(() => Transcript.Load("personalise.apdu", "openpgp"));

    public static Transcript GnuPg => GnuPgLazy.Value;
    public static Transcript Personalise => PersonaliseLazy.Value;

    public static Transcript Load(string name) => Transcript.Load(name, "openpgp");

    /// <summary>SELECT as the driver sends it (and OpenSC does): AID prefix, Le 00.</summary>
    public const string Select = "00A4040006D2760001240100";

    /// <summary>The RSA-2048 modulus GnuPG's SCD GENKEY printed (tool-output.log; keys 1 and 2 share it, a jcardsim artifact).</summary>
    public const string Modulus =
        "B3F92F416BCB2129AFFD2AC35CD0A1D0D2CFC6EEDE7253A127BBA2FCAFD2BB87FF72A1B34390323DC31B6A86991298B96EB440BCA379D108E311B01321AE516A46496DD5DBCC1A9BDCB7A69DDAC7A098CF9EEC6378E72C23DBEC868B2745458CF125879797A47037EA291441B5A83490BF7E6F8F779E0BE69A36D58EE5A4DC9B60A9A10A1197EEFA52C7024E4C6464C86A86E5F0C0187ED4EEA89B14B1299D25DCE9F744C4A434993437FBDDA67A6D5AA2D217FEF2442504EF96D33278CF8C07B14C82E2EE31C5E7EF063F409AABCEF04C174617B66EDCA803DE75884DB3B1CA0A23E58469078A08EA32EFA46D90E4EEEFF7947A0F8BD3012B6860F1519BC0B7";

    /// <summary>The P-256 point of key 3 as the card answered GENERATE (86).</summary>
    public const string AuthenticationPoint =
        "042B495A9B4142DC317624626AD108D4896C12A97AF1A1372E9A7B0F29ADCAEB49DEE377C97FBB17B61480E857F5CE72408488E2763619159D032D3BE091266DD6";

    public static byte[] Bytes(string hex) => Hex.Decode(hex);
}
