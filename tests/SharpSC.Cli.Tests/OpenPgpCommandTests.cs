using System.Text.Json;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cli.Errors;

namespace SharpSC.Cli.Tests;

/// <summary>
/// sharpsc openpgp on the emulated OpenPGP card: status, key generation per slot as GnuPG leaves it, PW1/PW3 changes,
/// unblocking with the resetting code or PW3, factory reset; each result read back from the card by the driver.
/// </summary>
public class OpenPgpCommandTests
{
    private const string Pw1 = OpenPgpCliHarness.Pw1;
    private const string Pw3 = OpenPgpCliHarness.Pw3;

    private readonly OpenPgpCliHarness _cli = new(0x0000BEEF);

    [Fact]
    public void Status_shows_the_application_and_keygen_fills_a_slot_as_GnuPg_does()
    {
        var status = Run("openpgp", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Version            3.4", status.Out, StringComparison.Ordinal);
        Assert.Contains("Serial number      0000BEEF", status.Out, StringComparison.Ordinal);
        Assert.Contains("PIN tries          PW1 3, reset code 0, PW3 3", status.Out, StringComparison.Ordinal);
        Assert.Contains("Key sig            rsa2048   [none]", status.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Authentication, Run("openpgp", "keygen", "--key", "sig", "ed25519", "--admin-pin", "87654321").ExitCode);
        Assert.Equal(ExitCodes.Usage, Run("openpgp", "keygen", "--key", "dec", "ed25519", "--admin-pin", Pw3).ExitCode);
        var generated = Run("openpgp", "keygen", "--key", "sig", "ed25519", "--admin-pin", Pw3, "--json");
        Assert.Equal(0, generated.ExitCode);
        var fingerprint = JsonDocument.Parse(generated.Out).RootElement.GetProperty("fingerprint").GetString();

        var driver = Fresh();
        Assert.Equal("ed25519", driver.ApplicationData.AttributesOf(OpenPgpKeyRef.Signature).ToString());
        Assert.Equal(fingerprint, Convert.ToHexString(driver.ApplicationData.FingerprintOf(OpenPgpKeyRef.Signature)));
        var time = driver.ApplicationData.GenerationTimes[0];
        Assert.Equal(fingerprint, Convert.ToHexString(OpenPgpFingerprint.Compute(driver.ReadPublicKey(OpenPgpKeyRef.Signature)!, time)));

        var json = JsonDocument.Parse(Run("openpgp", "status", "--json").Out).RootElement;
        Assert.Equal("D276000124010304", json.GetProperty("aid").GetString()![..16]);
        Assert.True(json.GetProperty("signaturePinForced").GetBoolean());
        var sig = json.GetProperty("keys")[0];
        Assert.Equal(("sig", "ed25519", fingerprint), (sig.GetProperty("slot").GetString(), sig.GetProperty("algorithm").GetString(), sig.GetProperty("fingerprint").GetString()));
    }

    [Fact]
    public void Pins_change_and_unblock_with_the_resetting_code_or_the_admin_pin()
    {
        Assert.Equal(ExitCodes.Authentication, Run("openpgp", "pin", "change", "--pin", "654321", "--new-pin", "new-pin-1").ExitCode);
        Assert.Equal(0, Run("openpgp", "pin", "change", "--pin", Pw1, "--new-pin", "new-pin-1").ExitCode);
        Fresh().Verify(OpenPgpPassword.Pw1, "new-pin-1"u8);

        Assert.Equal(0, Run("openpgp", "pin", "set-reset-code", "--admin-pin", Pw3, "--reset-code", "reset-code-1").ExitCode);
        var blocker = Fresh();
        for (var i = 0; i < 3; i++)
            Assert.ThrowsAny<Exception>(() => blocker.Verify(OpenPgpPassword.Pw1, "wrong-pin"u8));
        Assert.Equal(0, blocker.ReadPwStatus().Pw1Tries);

        Assert.Equal(ExitCodes.Usage, Run("openpgp", "pin", "unblock", "--reset-code", "reset-code-1", "--admin-pin", Pw3, "--new-pin", "x").ExitCode);
        Assert.Equal(0, Run("openpgp", "pin", "unblock", "--reset-code", "reset-code-1", "--new-pin", "by-reset-code").ExitCode);
        Fresh().Verify(OpenPgpPassword.Pw1, "by-reset-code"u8);
        Assert.Equal(0, Run("openpgp", "pin", "unblock", "--admin-pin", Pw3, "--new-pin", "by-admin-pin").ExitCode);
        Fresh().Verify(OpenPgpPassword.Pw1, "by-admin-pin"u8);

        Assert.Equal(0, Run("openpgp", "pin", "change-admin", "--admin-pin", Pw3, "--new-admin-pin", "admin-pin-2").ExitCode);
        Fresh().Verify(OpenPgpPassword.Pw3, "admin-pin-2"u8);
    }

    [Fact]
    public void Reset_brings_the_delivery_state_back_even_without_the_admin_pin()
    {
        Assert.Equal(0, Run("openpgp", "keygen", "--key", "aut", "nistp256", "--admin-pin", Pw3).ExitCode);
        Assert.Equal(0, Run("openpgp", "pin", "change", "--pin", Pw1, "--new-pin", "forgotten-pin").ExitCode);
        Assert.Equal(0, Run("openpgp", "reset").ExitCode);
        var driver = Fresh();
        Assert.False(driver.ApplicationData.HasFingerprint(OpenPgpKeyRef.Authentication));
        driver.Verify(OpenPgpPassword.Pw1, "123456"u8);
        driver.Verify(OpenPgpPassword.Pw3, "12345678"u8);
    }

    [Fact]
    public void On_a_card_without_the_OpenPGP_application_it_says_so()
    {
        var result = new CliHarness().Run("openpgp", "status");
        Assert.Equal(ExitCodes.NotSupported, result.ExitCode);
        Assert.Contains("not an OpenPGP card application", result.Error, StringComparison.Ordinal);
    }

    private OpenPgpDriver Fresh() => _cli.Fresh();

    private CliResult Run(params string[] args) => _cli.Run(args);
}
