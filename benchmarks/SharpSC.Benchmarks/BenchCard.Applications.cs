using SharpSC.TestSupport;

namespace SharpSC.Benchmarks;

// The application cards of issues 13 and 14, personalised by the tools their users have.
public sealed partial class BenchCard
{
    /// <summary>PW3 of the OpenPGP card (its factory admin PIN); PW1 is <see cref="Pin"/>.</summary>
    public const string OpenPgpAdminPin = "12345678";

    /// <summary>
    /// Issue 13's card: RSA-2048 in 9A, ECCP256 in 9C, 9E and the retired slots 82 and 83, each with a certificate,
    /// and the key history object counting the two retired keys, all by Debian's yubico-piv-tool with the factory
    /// management key. yubico-piv-tool 2.2.0's selfsign fails, so a throwaway CA certifies each generated public key.
    /// </summary>
    private void PersonalisePivWithYubicoPivTool()
    {
        foreach (var (slot, algorithm) in PivKeys)
        {
            var pub = _dir.File($"pub-{slot}.pem");
            YubicoPivTool("-s", slot, "-a", "generate", "-A", algorithm, "-o", pub);
            var cert = Certify(slot, pub);
            YubicoPivTool("-s", slot, "-a", "import-certificate", "-i", cert);
        }
        _publicKeys["rsa"] = _dir.File("pub-9a.pem");
        // Key history (SP 800-73-4 Part 1 Table 19): 2 keys with on-card certificates, none off the card.
        var history = _dir.File("key-history.bin");
        File.WriteAllBytes(history, [0xC1, 0x01, 0x02, 0xC2, 0x01, 0x00, 0xFE, 0x00]);
        YubicoPivTool("-a", "write-object", "--id", "0x5FC10C", "-f", "binary", "-i", history);
    }

    private static readonly (string Slot, string Algorithm)[] PivKeys =
        [("9a", "RSA2048"), ("9c", "ECCP256"), ("9e", "ECCP256"), ("82", "ECCP256"), ("83", "ECCP256")];

    private void YubicoPivTool(params string[] args)
    {
        if (!File.Exists("/usr/bin/yubico-piv-tool"))
            throw new CardNotPersonalisedException("yubico-piv-tool is not installed (apt-get install yubico-piv-tool: ./build.sh setup)");
        Run("yubico-piv-tool", ["-r", Reader, .. args]);
    }

    /// <summary>
    /// Issue 14's card: RSA-2048 signature (01) and decryption (02) keys, a P-256 authentication key (03) and its
    /// certificate (DO 7F21), generated as the admin (PW3) through our module with OpenSC's pkcs11-tool: the
    /// non-interactive route the OpenPGP tests take (GnuPG's card-edit needs a terminal).
    /// </summary>
    private void PersonaliseOpenPgpWithPkcs11Tool()
    {
        foreach (var (id, type) in new[] { ("01", "rsa:2048"), ("02", "rsa:2048"), ("03", "EC:prime256v1") })
            Pkcs11ToolAsAdmin("--keypairgen", "--key-type", type, "--id", id);
        _publicKeys["rsa"] = ReadPublicKey("01");
        var cert = Certify("03", ReadPublicKey("03"));
        var der = _dir.File("cert-03.der");
        Run("openssl", "x509", "-in", cert, "-outform", "DER", "-out", der);
        Pkcs11ToolAsAdmin("--write-object", der, "--type", "cert", "--id", "03");
    }

    private void Pkcs11ToolAsAdmin(params string[] args) =>
        Run("pkcs11-tool", ["--module", RepoPaths.Module, "--slot-description", Reader, "--login", "--login-type", "so", "--so-pin", OpenPgpAdminPin, .. args]);

    private string ReadPublicKey(string id)
    {
        var der = _dir.File($"pub-{id}.der");
        Run("pkcs11-tool", "--module", RepoPaths.Module, "--slot-description", Reader, "--read-object", "--type", "pubkey", "--id", id, "-o", der);
        var pem = _dir.File($"pub-{id}.pem");
        Run("openssl", "pkey", "-pubin", "-inform", "DER", "-in", der, "-out", pem);
        return pem;
    }
}
