using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cli.Errors;

namespace SharpSC.Cli.Tests;

/// <summary>
/// The generic commands (info, list, dump, export, keygen, import-cert, delete, pin) and `openpgp set-attributes`
/// on the emulated OpenPGP card; each result read back from the card by the driver or another command.
/// </summary>
public class OpenPgpGenericCommandTests
{
    private const string Pw1 = OpenPgpCliHarness.Pw1;
    private const string Pw3 = OpenPgpCliHarness.Pw3;

    private readonly OpenPgpCliHarness _cli = new(0x0000CAFE);

    [Fact]
    public void Info_is_the_status_and_keygen_list_dump_export_show_the_generated_key()
    {
        var info = Ok("info").Out;
        Assert.Contains("Serial number      0000CAFE", info, StringComparison.Ordinal);
        Assert.Contains("PIN tries          PW1 3, reset code 0, PW3 3", info, StringComparison.Ordinal);
        Assert.Equal("D276000124010304", JsonDocument.Parse(Ok("info", "--json").Out).RootElement.GetProperty("aid").GetString()![..16]);
        Assert.Contains("No keys.", Ok("list").Out, StringComparison.Ordinal);

        var generated = JsonDocument.Parse(Ok("keygen", "--key", "aut", "ec/prime256v1", "--admin-pin", Pw3, "--json").Out).RootElement;
        var fingerprint = generated.GetProperty("fingerprint").GetString();
        Assert.Equal("nistp256", Fresh().ApplicationData.AttributesOf(OpenPgpKeyRef.Authentication).ToString());

        var list = Ok("list").Out;
        Assert.Contains("Slot aut (Authentication key), id 03: nistp256", list, StringComparison.Ordinal);
        Assert.Contains("pkcs11:token=OpenPGP%20card%200000CAFE;id=%03;object=Authentication%20key;type=private", list, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(Ok("list", "--json").Out).RootElement.GetProperty("keys");
        Assert.Equal(fingerprint, Assert.Single(listed.EnumerateArray()).GetProperty("fingerprint").GetString());

        using var exported = ECDsa.Create();
        exported.ImportFromPem(Ok("export", "--key", "aut").Out);
        var point = Fresh().ReadPublicKey(OpenPgpKeyRef.Authentication)!.Point!;
        var parameters = exported.ExportParameters(false);
        Assert.Equal(point, [0x04, .. parameters.Q.X!, .. parameters.Q.Y!]);
        Assert.Contains(Ok("export", "--key", "aut").Out, Ok("dump").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Ed25519_and_X25519_keys_export_as_RFC_8410_public_keys()
    {
        Ok("keygen", "--key", "sig", "ed25519", "--admin-pin", Pw3);
        Ok("keygen", "--key", "dec", "cv25519", "--admin-pin", Pw3);
        var driver = Fresh();
        foreach (var (slot, key, oid) in new[] { ("sig", OpenPgpKeyRef.Signature, "1.3.101.112"), ("dec", OpenPgpKeyRef.Decryption, "1.3.101.110") })
        {
            var pem = Ok("export", "--key", slot).Out;
            var spki = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(Convert.FromBase64String(
                string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))));
            Assert.Equal(oid, spki.Algorithm.Algorithm.Id);
            Assert.Equal(driver.ReadPublicKey(key)!.Point, spki.PublicKey.GetOctets());
        }
    }

    [Fact]
    public void Import_cert_and_delete_cert_use_the_admin_pin_and_a_key_delete_is_refused()
    {
        Ok("keygen", "--key", "aut", "nistp256", "--admin-pin", Pw3);
        using var issuer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var subject = ECDsa.Create();
        subject.ImportFromPem(Ok("export", "--key", "aut").Out);
        var request = new CertificateRequest("CN=OpenPGP aut", subject, HashAlgorithmName.SHA256);
        using var certificate = request.Create(new X500DistinguishedName("CN=Throwaway CA"), X509SignatureGenerator.CreateForECDsa(issuer),
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [4, 5, 6]);
        _cli.Files["aut.pem"] = System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());

        Assert.Equal(ExitCodes.Authentication, Run("import-cert", "--key", "aut", "aut.pem", "--admin-pin", "87654321").ExitCode);
        Ok("import-cert", "--key", "aut", "aut.pem", "--admin-pin", Pw3);
        Assert.Equal(certificate.RawData, Fresh().ReadCertificate(OpenPgpKeyRef.Authentication));
        using (var exported = X509Certificate2.CreateFromPem(Ok("export", "--key", "aut", "--type", "cert").Out))
            Assert.Equal(certificate.RawData, exported.RawData);
        Assert.Contains("CN=OpenPGP aut", Ok("list").Out, StringComparison.Ordinal);

        var keyDelete = Run("delete", "--key", "aut", "--admin-pin", Pw3);
        Assert.Equal(ExitCodes.NotSupported, keyDelete.ExitCode);
        Assert.Contains("an OpenPGP card cannot delete a key alone", keyDelete.Error, StringComparison.Ordinal);
        Ok("delete", "--key", "aut", "--type", "cert", "--admin-pin", Pw3);
        Assert.Null(Fresh().ReadCertificate(OpenPgpKeyRef.Authentication));
        Assert.Equal(ExitCodes.Usage, Run("delete", "--slot", "9a", "--type", "cert").ExitCode);
    }

    [Fact]
    public void Pin_change_and_unblock_use_PW1_and_the_resetting_code_or_PW3_and_set_attributes_changes_a_slot()
    {
        Ok("pin", "change", "--pin", Pw1, "--new-pin", "new-pin-1");
        Fresh().Verify(OpenPgpPassword.Pw1, "new-pin-1"u8);
        Ok("pin", "unblock", "--admin-pin", Pw3, "--new-pin", "by-admin-pin");
        Fresh().Verify(OpenPgpPassword.Pw1, "by-admin-pin"u8);
        var noCode = Run("pin", "unblock", "--new-pin", "x1234567");
        Assert.Equal(ExitCodes.Usage, noCode.ExitCode);
        Assert.Contains("--reset-code", noCode.Error, StringComparison.Ordinal);

        Ok("openpgp", "set-attributes", "--key", "dec", "rsa/3072", "--admin-pin", Pw3);
        Assert.Equal("rsa3072", Fresh().ApplicationData.AttributesOf(OpenPgpKeyRef.Decryption).ToString());
        Assert.Equal(ExitCodes.Usage, Run("openpgp", "set-attributes", "--key", "dec", "ed25519", "--admin-pin", Pw3).ExitCode);
        Assert.Equal(ExitCodes.Usage, Run("keygen", "--slot", "9a", "ec/prime256v1").ExitCode);
        using var p12Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p12Certificate = new CertificateRequest("CN=not for OpenPGP", p12Key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        _cli.Files["some.p12"] = p12Certificate.Export(X509ContentType.Pkcs12, "x");
        var p12 = Run("import-p12", "some.p12", "--passphrase", "x");
        Assert.Equal(ExitCodes.NotSupported, p12.ExitCode);
        Assert.Contains("an OpenPGP card's keys come from keygen --key", p12.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_card_with_PIV_and_OpenPGP_the_application_chosen_decides_what_a_command_does()
    {
        var cli = new CliHarness(SharpSC.VirtualCard.EmulatedCard.Create("piv,openpgp"));
        cli.Ok("keygen", "--slot", "9a", "ec/prime256v1");
        cli.Ok("keygen", "--app", "openpgp", "--key", "aut", "nistp256", "--admin-pin", Pw3);
        var piv = cli.Ok("list").Out;
        Assert.Contains("Slot 9a (PIV Authentication), id 01: EC secp256r1", piv, StringComparison.Ordinal);
        Assert.DoesNotContain("Slot aut", piv, StringComparison.Ordinal);
        var openPgp = cli.Ok("list", "--app", "openpgp").Out;
        Assert.Contains("Slot aut (Authentication key), id 03: nistp256", openPgp, StringComparison.Ordinal);
        Assert.DoesNotContain("Slot 9a", openPgp, StringComparison.Ordinal);

        var wrongApplication = cli.Run("keygen", "--key", "sig", "ed25519", "--admin-pin", Pw3);
        Assert.Equal(ExitCodes.Usage, wrongApplication.ExitCode);
        Assert.Contains("the card is a PIV card (it also carries OpenPGP: choose with --app)", wrongApplication.Error, StringComparison.Ordinal);
    }

    private OpenPgpDriver Fresh() => _cli.Fresh();

    private CliResult Ok(params string[] args) => _cli.Ok(args);

    private CliResult Run(params string[] args) => _cli.Run(args);
}
