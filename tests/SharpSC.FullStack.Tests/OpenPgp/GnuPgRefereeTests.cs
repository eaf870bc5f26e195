using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// GnuPG 2.2 (scdaemon on pcscd, pcsc-shared) unchanged on the virtual OpenPGP card, and the card passed between
/// GnuPG and our module: keys GnuPG generates are the module's keys and sign through it; keys the module generates
/// become a GnuPG key that signs; PIN changes and the unblock GnuPG makes are what the module logs in with.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed partial class GnuPgRefereeTests : IDisposable
{
    private readonly OpenPgpCard _card = new();
    private readonly GnuPg _gpg = new(OpenPgpCard.Reader);

    [Fact]
    public void GnuPg_generates_signs_verifies_encrypts_and_decrypts_and_our_module_uses_the_same_keys()
    {
        var status = _gpg.CardStatus();
        Assert.Contains("Version ..........: 3.4", status);
        Assert.Contains("Signature key ....: [none]", status);
        Assert.Matches(@"PIN retry counter : 3 \d 3", status);

        // PW3 to change the forced-PIN flag and generate, PW1 for the card, PW1 for the self-signatures.
        var generate = _gpg.CardEdit(["admin", "generate"], new Dictionary<string, string[]>
        {
            ["cardedit.genkeys.backup_enc"] = ["n"],
            ["keygen.valid"] = ["0"],
            ["keygen.name"] = ["Alice Card"],
            ["keygen.email"] = ["alice@example.org"],
        }, [OpenPgpCard.Pw3, .. Enumerable.Repeat(OpenPgpCard.Pw1, 5)]);
        Assert.True(generate.Succeeded, generate.ToString());
        status = _gpg.CardStatus();
        Assert.DoesNotContain("Signature key ....: [none]", status);
        Assert.Contains("General key info..: pub  rsa2048", status);

        var message = _card.Dir.File("message.txt");
        File.WriteAllText(message, "signed on an OpenPGP card\n");
        var sign = _gpg.RunWithPin(OpenPgpCard.Pw1, "--output", message + ".sig", "--detach-sign", message);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var verify = _gpg.Run("--verify", message + ".sig", message);
        Assert.True(verify.ExitCode == 0 && verify.StdErr.Contains("Good signature from \"Alice Card"), verify.ToString());

        var encrypted = _card.Dir.File("message.gpg");
        var encrypt = _gpg.Run("--trust-model", "always", "--auto-key-locate", "local", "--recipient", "alice@example.org", "--output", encrypted, "--encrypt", message);
        Assert.True(encrypt.ExitCode == 0, encrypt.ToString());
        var decrypt = _gpg.RunWithPin(OpenPgpCard.Pw1, "--decrypt", encrypted);
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        Assert.Equal("signed on an OpenPGP card\n", decrypt.StdOut);

        // The module sees GnuPG's keys: the authentication key is the one GnuPG exports for ssh.
        var gpgSsh = _gpg.Run("--export-ssh-key", "alice@example.org");
        Assert.True(gpgSsh.ExitCode == 0, gpgSsh.ToString());
        var moduleSsh = ProcessRunner.RunChecked("ssh-keygen", "-D", Module.Path);
        Assert.Contains(SshBlob(gpgSsh.StdOut), moduleSsh.StdOut);

        // ... and signs with GnuPG's signature key; GnuPG signs again afterwards (the card shared in turn).
        _gpg.ForgetCardState();
        var before = SignatureCounter(_gpg.CardStatus());
        byte[] data = [.. "signed through the module"u8];
        var signature = OpenPgpModuleTests.SignWithPkcs11Tool(_card.Dir, 1, "SHA256-RSA-PKCS", data);
        using (var library = Module.Load())
        using (var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadOnly))
        using (var sigPublic = OpenPgpCard.RsaPublic(session, 1))
            Assert.True(sigPublic.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        _gpg.ForgetCardState();
        var again = _gpg.RunWithPin(OpenPgpCard.Pw1, "--output", message + ".sig2", "--detach-sign", message);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(before + 2, SignatureCounter(_gpg.CardStatus()));
    }

    [Fact]
    public void A_key_our_module_generated_becomes_a_GnuPg_key_that_signs()
    {
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(so, 1, 2048);
        }

        // The module wrote the fingerprint and time as GnuPG does: GnuPG shows the key and its keygrip.
        var status = ProcessRunner.Run("gpg", ["--batch", "--no-tty", "--card-status", "--with-keygrip"], _gpg.Environment);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.DoesNotContain("Signature key ....: [none]", status.StdOut);
        var keygrip = KeygripLine().Match(status.StdOut).Groups[1].Value;
        Assert.Equal(40, keygrip.Length);

        var adopt = _gpg.AdoptCardKey(keygrip, "Bob Module", "bob@example.org", [OpenPgpCard.Pw1, OpenPgpCard.Pw1]);
        Assert.Contains(adopt.Status, s => s.StartsWith("KEY_CREATED", StringComparison.Ordinal));
        var message = _card.Dir.File("module-key.txt");
        File.WriteAllText(message, "a key generated through PKCS#11\n");
        var sign = _gpg.RunWithPin(OpenPgpCard.Pw1, "--local-user", "bob@example.org", "--output", message + ".sig", "--detach-sign", message);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var verify = _gpg.Run("--verify", message + ".sig", message);
        Assert.True(verify.ExitCode == 0 && verify.StdErr.Contains("Good signature from \"Bob Module"), verify.ToString());
    }

    [Fact]
    public void GnuPg_changes_and_unblocks_pw1_and_resets_the_card_our_module_follows()
    {
        var change = _gpg.CardEdit(["passwd"], pins: [OpenPgpCard.Pw1, "new-pin-1", "new-pin-1"]);
        Assert.True(change.Succeeded, change.ToString());
        using (var library = Module.Load())
        {
            var slot = Module.Slot(library, OpenPgpCard.Reader);
            using var session = slot.OpenSession(SessionType.ReadOnly);
            Assert.Equal(CKR.CKR_PIN_INCORRECT, Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, OpenPgpCard.Pw1)).RV);
            session.Login(CKU.CKU_USER, "new-pin-1");
            session.Logout();
            for (var i = 0; i < 2; i++)
                Assert.Equal(CKR.CKR_PIN_INCORRECT, Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "999999")).RV);
            Assert.Equal(CKR.CKR_PIN_LOCKED, Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "999999")).RV);
            Assert.True(slot.GetTokenInfo().TokenFlags.UserPinLocked);
        }
        Assert.Contains("PIN retry counter : 0 ", _gpg.CardStatus());

        var unblock = _gpg.CardEdit(["admin", "passwd"], new Dictionary<string, string[]> { ["cardutil.change_pin.menu"] = ["2", "q"] },
            [OpenPgpCard.Pw3, "unblocked-1", "unblocked-1"]);
        Assert.True(unblock.Succeeded, unblock.ToString());
        using (var library = Module.Load())
        {
            var slot = Module.Slot(library, OpenPgpCard.Reader);
            Assert.False(slot.GetTokenInfo().TokenFlags.UserPinLocked);
            using var session = slot.OpenSession(SessionType.ReadWrite);
            session.Login(CKU.CKU_USER, "unblocked-1");
            session.Logout();
            session.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateP256(session, 3);
        }

        _gpg.ForgetCardState();
        var reset = _gpg.CardEdit(["admin", "factory-reset"], new Dictionary<string, string[]>
        {
            ["cardedit.factory-reset.proceed"] = ["y"],
            ["cardedit.factory-reset.really"] = ["yes"],
        });
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("Signature key ....: [none]", _gpg.CardStatus());
        using (var library = Module.Load())
        {
            using var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadOnly);
            Assert.Empty(OpenPgpCard.Find(session, CKO.CKO_PUBLIC_KEY));
            session.Login(CKU.CKU_USER, OpenPgpCard.Pw1);
        }
    }

    /// <summary>The base64 key blob of an OpenSSH public key line.</summary>
    private static string SshBlob(string line) => line.Trim().Split(' ')[1];

    private static int SignatureCounter(string status) => int.Parse(CounterLine().Match(status).Groups[1].Value);

    [GeneratedRegex(@"Signature counter : (\d+)")]
    private static partial Regex CounterLine();

    [GeneratedRegex(@"Signature key[^\n]*\n[^\n]*created[^\n]*\n\s*keygrip \.+: ([0-9A-F]{40})")]
    private static partial Regex KeygripLine();

    public void Dispose()
    {
        _gpg.Dispose();
        _card.Dispose();
    }
}
