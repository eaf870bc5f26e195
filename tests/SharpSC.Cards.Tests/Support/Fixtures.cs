using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Support;

/// <summary>The genuine-applet fixtures and the commands tests expect the drivers to send.</summary>
public static class Fixtures
{
    private static readonly Lazy<Transcript> V0UseLazy = new(() => Transcript.Load("v0-opensc-use.apdu"));
    private static readonly Lazy<Transcript> V0PersonaliseLazy = new(() => Transcript.Load("v0-opensc-personalise.apdu"));
    private static readonly Lazy<Transcript> V1RawLazy = new(() => Transcript.Load("v1-raw.apdu"));
    private static readonly Lazy<Dictionary<string, byte[]>> V0FilesLazy = new(LoadFiles);

    public static Transcript V0Use => V0UseLazy.Value;
    public static Transcript V0Personalise => V0PersonaliseLazy.Value;
    public static Transcript V1Raw => V1RawLazy.Value;

    /// <summary>SELECT of the IsoApplet AID as the drivers send it (P2 00, Le 00).</summary>
    public const string SelectApplet = "00A404000CF276A288BCFBA69D34F3100100";

    public const string VerifyRightPin = "002000011031323334353600000000000000000000";
    public const string VerifyWrongPin = "002000011039393939393900000000000000000000";

    /// <summary>SHA-256 DigestInfo of the fixtures' data.txt, as OpenSC sent it to PSO.</summary>
    public const string DigestInfoSha256 = "3031300D0609608648016503040201050004209E8DABB2980DF37A1B4ECE134285B518212EBFB34DFE241ABDEFF1E5C2C65199";

    /// <summary>The fixtures' data.txt ("IsoApplet fixture test data\n").</summary>
    public const string DataTxt = "49736F4170706C65742066697874757265207465737420646174610A";

    /// <summary>v0-files.txt: absolute path (hex) to the whole file content.</summary>
    public static IReadOnlyDictionary<string, byte[]> V0Files => V0FilesLazy.Value;

    public static byte[] Bytes(string hex) => Hex.Decode(hex);

    /// <summary>A v0 card script that starts with the detection SELECT.</summary>
    public static ScriptedTransport V0Card() => new ScriptedTransport().Expect(SelectApplet, "0006069000");

    /// <summary>A v1 card script that starts with the detection SELECT and GET DATA.</summary>
    public static ScriptedTransport V1Card() => new ScriptedTransport()
        .Expect(V1Raw, SelectApplet)
        .Expect(V1Raw, "00CA010100");

    /// <summary>VERIFY 123456, then sign the fixtures' DigestInfo with RSA key 0 (PKCS#1).</summary>
    public static byte[] VerifyAndSignDigestInfo(IsoAppletDriver driver)
    {
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        return driver.Sign(new Security.CardKey(0, 2048), Security.SignatureAlgorithm.RsaPkcs1, Bytes(DigestInfoSha256));
    }

    public static IsoAppletDriver Connect(ScriptedTransport card) =>
        IsoAppletDriver.TryConnect(new ApduChannel(card), out var reason) ?? throw new InvalidOperationException(reason);

    private static Dictionary<string, byte[]> LoadFiles()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "isoapplet", "v0-files.txt")))
        {
            if (line.StartsWith('#') || line.Length < 6) continue;
            var parts = line.Split(' ', 3);
            if (parts.Length == 3 && parts[1].EndsWith(':'))
                files[parts[1].TrimEnd(':').ToUpperInvariant()] = Hex.Decode(parts[2]);
        }
        return files;
    }
}
