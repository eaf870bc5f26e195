using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SharpSC.Cli.Errors;
using SharpSC.TestSupport;

namespace SharpSC.Cli.Tests.Piv;

/// <summary>sharpsc piv on an emulated YubiKey holding keys in 9A, 9C, 9E, 82 and 83 with certificates.</summary>
public class PivCommandTests
{
    private const string NewManagementKey = PivCliHarness.AesManagementKey;

    private readonly PivCliHarness _cli = new();

    [Fact]
    public void Status_shows_version_serial_tries_management_key_and_each_slot()
    {
        var text = _cli.Ok("piv", "status").Out;
        Assert.Matches($@"\nSerial +{PivCardImage.Serial}\n", text);
        Assert.Contains("PIV (YubiKey PIV 5.4.3)", text, StringComparison.Ordinal);
        Assert.Contains("3 tries left (factory PIN)", text, StringComparison.Ordinal);
        Assert.Contains("3DES (factory key", text, StringComparison.Ordinal);
        Assert.Contains("Slot 9a (PIV Authentication), id 01: RSA-2048", text, StringComparison.Ordinal);
        Assert.Contains("Slot 83 (Retired Key Management 2), id 06: RSA-2048", text, StringComparison.Ordinal);
        Assert.Contains("certificate: CN=PIV test slot 9A", text, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(_cli.Ok("piv", "status", "--json").Out);
        var root = json.RootElement;
        Assert.Equal(PivCardImage.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("serial").GetString());
        Assert.Equal(3, root.GetProperty("pinTriesLeft").GetInt32());
        Assert.Equal(3, root.GetProperty("pukTriesLeft").GetInt32());
        Assert.Equal(["9a", "9c", "9e", "82", "83"], root.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("slot").GetString()));
        Assert.Equal(["01", "02", "04", "05", "06"], root.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("always", root.GetProperty("slots")[1].GetProperty("pinPolicy").GetString());
    }

    [Fact]
    public void Generate_replaces_the_key_drops_the_old_certificate_and_the_key_can_be_certified_and_attested()
    {
        var wrong = _cli.Run("piv", "generate", "ec/prime256v1", "--slot", "9e", "--mgm-key", NewManagementKey);
        Assert.Equal(ExitCodes.Authentication, wrong.ExitCode);
        Assert.Contains("wrong management key", wrong.Error, StringComparison.Ordinal);

        var generated = _cli.Ok("piv", "generate", "ec/prime256v1", "--slot", "9e", "--mgm-key", PivCardImage.ManagementKeyHex, "--json");
        using var json = JsonDocument.Parse(generated.Out);
        Assert.Equal("9e", json.RootElement.GetProperty("slot").GetString());
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(json.RootElement.GetProperty("publicKeyPem").GetString());
        Assert.Equal(ExitCodes.Failure, _cli.Run("piv", "read-cert", "--slot", "9e").ExitCode);

        // A certificate for the new key goes in and comes back out the same.
        using var issuer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=generated in 9e", publicKey, HashAlgorithmName.SHA256);
        using var certificate = request.Create(new X500DistinguishedName("CN=Throwaway CA"), X509SignatureGenerator.CreateForECDsa(issuer),
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3]);
        _cli.Files["9e.pem"] = System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());
        _cli.Variables["MGM"] = PivCardImage.ManagementKeyHex;
        Assert.Contains("written to slot 9e", _cli.Ok("piv", "import-cert", "9e.pem", "--slot", "9e", "--mgm-key-env", "MGM").Out, StringComparison.Ordinal);
        using var read = X509Certificate2.CreateFromPem(_cli.Ok("piv", "read-cert", "--slot", "9e").Out);
        Assert.Equal(certificate.RawData, read.RawData);

        // The attestation certifies the generated key and is signed by the card's attestation key (F9).
        using var attestation = X509Certificate2.CreateFromPem(_cli.Ok("piv", "attest", "9e").Out);
        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), attestation.PublicKey.ExportSubjectPublicKeyInfo());
        using var attestationKey = X509Certificate2.CreateFromPem(_cli.Ok("piv", "read-cert", "--slot", "f9").Out);
        Assert.Equal(attestationKey.SubjectName.RawData, attestation.IssuerName.RawData);

        Assert.Contains("deleted", _cli.Ok("piv", "delete-cert", "--slot", "9e", "--mgm-key-env", "MGM").Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, _cli.Run("piv", "read-cert", "--slot", "9e").ExitCode);
    }

    [Fact]
    public void A_new_management_key_replaces_the_old_one()
    {
        _cli.Ok("piv", "set-mgm-key", "--mgm-key", PivCardImage.ManagementKeyHex, "--new-mgm-key", NewManagementKey);
        using var json = JsonDocument.Parse(_cli.Ok("piv", "status", "--json").Out);
        Assert.Equal("AES-256", json.RootElement.GetProperty("managementKey").GetString());
        Assert.False(json.RootElement.GetProperty("managementKeyIsDefault").GetBoolean());
        Assert.Equal(ExitCodes.Authentication, _cli.Run("piv", "generate", "rsa/2048", "--slot", "9d", "--mgm-key", PivCardImage.ManagementKeyHex).ExitCode);
        Assert.Contains("RSA-2048", _cli.Ok("piv", "generate", "rsa/2048", "--slot", "9d", "--mgm-key", NewManagementKey).Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, _cli.Run("piv", "set-mgm-key", "--mgm-key", NewManagementKey, "--new-mgm-key", "0102").ExitCode);
    }

    [Fact]
    public void Pin_and_puk_change_block_unblock_and_the_reset_that_needs_both_blocked()
    {
        _cli.Ok("piv", "change-pin", "--pin", PivCardImage.Pin, "--new-pin", "24681357");
        Assert.Equal(ExitCodes.CardState, _cli.Run("piv", "reset").ExitCode);
        for (var tries = 2; tries >= 0; tries--)
            Assert.Equal(ExitCodes.Authentication, _cli.Run("piv", "change-pin", "--pin", "000000", "--new-pin", "111111").ExitCode);
        Assert.Contains("0 tries left", _cli.Ok("piv", "status").Out, StringComparison.Ordinal);
        _cli.Ok("piv", "unblock-pin", "--puk", PivCardImage.Puk, "--new-pin", "13572468");
        _cli.Ok("piv", "change-pin", "--pin", "13572468", "--new-pin", PivCardImage.Pin);
        _cli.Ok("piv", "change-puk", "--puk", PivCardImage.Puk, "--new-puk", "87654321");

        for (var i = 0; i < 3; i++) _cli.Run("piv", "change-pin", "--pin", "000000", "--new-pin", "111111");
        for (var i = 0; i < 3; i++)
            Assert.Equal(ExitCodes.Authentication, _cli.Run("piv", "unblock-pin", "--puk", "00000000", "--new-pin", "111111").ExitCode);
        Assert.Contains("reset", _cli.Ok("piv", "reset").Out, StringComparison.Ordinal);
        var status = _cli.Ok("piv", "status").Out;
        Assert.Contains("No keys.", status, StringComparison.Ordinal);
        Assert.Contains("3 tries left (factory PIN)", status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slot_that_piv_has_not_is_a_usage_error()
    {
        var result = _cli.Run("piv", "read-cert", "--slot", "9f");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'9f' is no PIV slot", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, _cli.Run("piv", "generate", "ec/prime256v1", "--slot", "f9", "--mgm-key", PivCardImage.ManagementKeyHex).ExitCode);
    }
}
