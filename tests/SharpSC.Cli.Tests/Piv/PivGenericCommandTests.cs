using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SharpSC.Cli.Errors;
using SharpSC.TestSupport;

namespace SharpSC.Cli.Tests.Piv;

/// <summary>
/// The generic commands (info, list, dump, export, keygen, import-cert, import-p12, delete, pin) on an emulated
/// YubiKey holding keys in 9A, 9C, 9E, 82 and 83; each result read back through another command.
/// </summary>
public class PivGenericCommandTests
{
    private const string NewManagementKey = PivCliHarness.AesManagementKey;

    private readonly PivCliHarness _cli = new();

    [Fact]
    public void Info_list_and_dump_show_each_slot_with_its_policies_certificate_and_uris()
    {
        var info = _cli.Ok("info").Out;
        Assert.Contains("PIV (YubiKey PIV 5.4.3)", info, StringComparison.Ordinal);
        Assert.Contains("Slot 9c (Digital Signature), id 02: EC secp256r1, PIN always, touch", info, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(_cli.Ok("info", "--json").Out))
        {
            Assert.Equal(3, json.RootElement.GetProperty("pukTriesLeft").GetInt32());
            Assert.Equal(5, json.RootElement.GetProperty("slots").GetArrayLength());
            Assert.True(json.RootElement.GetProperty("managementKeyIsDefault").GetBoolean());
        }

        var list = _cli.Ok("list").Out;
        Assert.Contains("Slot 9a (PIV Authentication), id 01: RSA-2048", list, StringComparison.Ordinal);
        Assert.Contains($"pkcs11:token=YubiKey%20PIV%20%23{PivCardImage.Serial};id=%01;type=private", list, StringComparison.Ordinal);
        Assert.Contains("CN=PIV test slot 9A", list, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", list, StringComparison.Ordinal);

        using var listed = JsonDocument.Parse(_cli.Ok("list", "--json").Out);
        Assert.Equal(["9a", "9c", "9e", "82", "83"], listed.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("slot").GetString()));
        Assert.Equal($"YubiKey PIV #{PivCardImage.Serial}", listed.RootElement.GetProperty("token").GetString());

        var dump = _cli.Ok("dump").Out;
        Assert.Contains("-----BEGIN PUBLIC KEY-----", dump, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN CERTIFICATE-----", dump, StringComparison.Ordinal);
        using var dumped = JsonDocument.Parse(_cli.Ok("dump", "--json").Out);
        var certificatePem = dumped.RootElement.GetProperty("keys")[0].GetProperty("certificate").GetProperty("pem").GetString();
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        Assert.Equal(PivCardImage.Certificate(0x9A), certificate.RawData);
    }

    [Fact]
    public void Export_gives_a_slots_public_key_and_certificate_by_slot_or_module_id()
    {
        using var certificate = X509Certificate2.CreateFromPem(_cli.Ok("export", "--slot", "9c", "--type", "cert").Out);
        Assert.Equal(PivCardImage.Certificate(0x9C), certificate.RawData);
        using var key = ECDsa.Create();
        key.ImportFromPem(_cli.Ok("export", "--id", "02").Out);
        Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());

        using (var json = JsonDocument.Parse(_cli.Ok("export", "--slot", "9c", "--type", "cert", "--json").Out))
        {
            Assert.Equal("cert", json.RootElement.GetProperty("type").GetString());
            using var fromJson = X509Certificate2.CreateFromPem(json.RootElement.GetProperty("pem").GetString());
            Assert.Equal(certificate.RawData, fromJson.RawData);
        }
        Assert.Equal(ExitCodes.Failure, _cli.Run("export", "--slot", "9d").ExitCode);
        Assert.Equal(ExitCodes.Usage, _cli.Run("export", "--id", "45").ExitCode);
        var wrongFamily = _cli.Run("export", "--key", "sig");
        Assert.Equal(ExitCodes.Usage, wrongFamily.ExitCode);
        Assert.Contains("--key is for an OpenPGP card; the card is a PIV card", wrongFamily.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Keygen_uses_the_factory_management_key_only_while_the_card_says_it_is_unchanged()
    {
        var generated = _cli.Ok("keygen", "--slot", "9d", "ec/prime256v1", "--touch-policy", "never", "--json");
        Assert.Contains("the card still has the factory management key", generated.Error, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(generated.Out))
        {
            using var publicKey = ECDsa.Create();
            publicKey.ImportFromPem(json.RootElement.GetProperty("publicKeyPem").GetString());
            using var exported = ECDsa.Create();
            exported.ImportFromPem(_cli.Ok("export", "--slot", "9d").Out);
            Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), exported.ExportSubjectPublicKeyInfo());
        }
        Assert.Contains("Slot 9d (Key Management), id 03: EC secp256r1, PIN once, touch never, generated on the card",
            _cli.Ok("info").Out, StringComparison.Ordinal);

        _cli.Ok("piv", "set-mgm-key", "--new-mgm-key", NewManagementKey);
        var missing = _cli.Run("keygen", "--slot", "9d", "rsa/2048");
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("no management key given and no terminal to ask for it: use --mgm-key", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("factory management key", missing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Authentication, _cli.Run("keygen", "--slot", "9d", "rsa/2048", "--mgm-key", PivCardImage.ManagementKeyHex).ExitCode);
        _cli.Variables["MGM"] = NewManagementKey;
        Assert.Contains("RSA-2048", _cli.Ok("keygen", "--slot", "9d", "rsa/2048", "--mgm-key-env", "MGM").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_cert_and_delete_work_on_a_slot_and_a_key_delete_is_refused()
    {
        _cli.Files["9c.der"] = PivCardImage.Certificate(0x9C);
        _cli.Ok("delete", "--slot", "9c", "--type", "cert", "--mgm-key", PivCardImage.ManagementKeyHex);
        Assert.Equal(ExitCodes.Failure, _cli.Run("export", "--slot", "9c", "--type", "cert").ExitCode);
        _cli.Ok("import-cert", "--slot", "9c", "9c.der", "--mgm-key", PivCardImage.ManagementKeyHex);
        using var back = X509Certificate2.CreateFromPem(_cli.Ok("export", "--slot", "9c", "--type", "cert").Out);
        Assert.Equal(PivCardImage.Certificate(0x9C), back.RawData);

        var keyDelete = _cli.Run("delete", "--slot", "9c", "--type", "key", "--mgm-key", PivCardImage.ManagementKeyHex);
        Assert.Equal(ExitCodes.NotSupported, keyDelete.ExitCode);
        Assert.Contains("a PIV card cannot delete a key", keyDelete.Error, StringComparison.Ordinal);
        var all = _cli.Ok("delete", "--id", "02", "--mgm-key", PivCardImage.ManagementKeyHex);
        Assert.Contains("the key in the slot stays", all.Error, StringComparison.Ordinal);
        Assert.Contains("Slot 9c (Digital Signature), id 02: EC secp256r1", _cli.Ok("list").Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, _cli.Run("delete", "--mgm-key", PivCardImage.ManagementKeyHex).ExitCode);
    }

    [Fact]
    public void Import_p12_puts_the_key_and_certificate_in_the_slot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=imported into 9d", key, HashAlgorithmName.SHA384);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        _cli.Files["me.p12"] = certificate.Export(X509ContentType.Pkcs12, "p12-pass");

        var imported = _cli.Ok("import-p12", "--slot", "9d", "me.p12", "--passphrase", "p12-pass", "--pin-policy", "always",
            "--mgm-key", PivCardImage.ManagementKeyHex);
        Assert.Contains("into slot 9d", imported.Out, StringComparison.Ordinal);
        using var exported = ECDsa.Create();
        exported.ImportFromPem(_cli.Ok("export", "--slot", "9d").Out);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), exported.ExportSubjectPublicKeyInfo());
        Assert.Contains("Slot 9d (Key Management), id 03: EC secp384r1, PIN always", _cli.Ok("info").Out, StringComparison.Ordinal);
        Assert.Contains("CN=imported into 9d", _cli.Ok("list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Pin_change_and_unblock_use_the_piv_pin_and_puk()
    {
        _cli.Ok("pin", "change", "--pin", PivCardImage.Pin, "--new-pin", "24681357");
        for (var i = 0; i < 3; i++)
            Assert.Equal(ExitCodes.Authentication, _cli.Run("pin", "change", "--pin", "000000", "--new-pin", "111111").ExitCode);
        Assert.Equal(ExitCodes.Authentication, _cli.Run("pin", "unblock", "--puk", "00000000", "--new-pin", "111111").ExitCode);
        _cli.Ok("pin", "unblock", "--puk", PivCardImage.Puk, "--new-pin", "13572468");
        _cli.Ok("piv", "change-pin", "--pin", "13572468", "--new-pin", PivCardImage.Pin);
        Assert.Equal(ExitCodes.Usage, _cli.Run("pin", "unblock", "--reset-code", "12345678", "--new-pin", "111111").ExitCode);
    }

    [Fact]
    public void Commands_for_PKCS15_structures_only_say_what_works_on_a_PIV_card()
    {
        var result = _cli.Run("label", "x", "--pin", PivCardImage.Pin);
        Assert.Equal(ExitCodes.NotSupported, result.ExitCode);
        Assert.Contains("a PIV card has no PKCS#15 structure: info, list, dump, export, keygen", result.Error, StringComparison.Ordinal);
    }
}
