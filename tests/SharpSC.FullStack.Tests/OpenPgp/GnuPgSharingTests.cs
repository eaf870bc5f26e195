using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// GnuPG and our module use one card in turn with scdaemon left running (pcsc-shared, disable-ccid): the module never
/// SELECTs a standalone card whose OpenPGP application is selected, and logs out only what it verified, so scdaemon
/// finds the card as it left it.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class GnuPgSharingTests : IDisposable
{
    private readonly OpenPgpCard _card = new();
    private readonly GnuPg _gpg = new(OpenPgpCard.Reader);

    /// <summary>
    /// Not forced (PW1 good for several signatures): scdaemon verifies PW1 once and relies on it afterwards, so a SELECT
    /// by the module, or a VERIFY FF 81 of what scdaemon verified, would make GnuPG's next signature fail ("Bad PIN":
    /// tried with an `opensc-tool -s` SELECT between the rounds).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GnuPg_and_the_module_sign_in_turn_without_restarting_scdaemon(bool pinPerSignature)
    {
        using (var library = Module.Load())
        using (var so = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(so, 1, 2048);
        }
        var status = _gpg.CardStatus();
        var keygrip = System.Text.RegularExpressions.Regex.Match(status, @"keygrip \.+: ([0-9A-F]{40})").Groups[1].Value;
        if (keygrip.Length == 0)
        {
            status = ProcessRunner.Run("gpg", ["--batch", "--no-tty", "--card-status", "--with-keygrip"], _gpg.Environment).StdOut;
            keygrip = System.Text.RegularExpressions.Regex.Match(status, @"keygrip \.+: ([0-9A-F]{40})").Groups[1].Value;
        }
        Assert.Equal(40, keygrip.Length);
        var adopt = _gpg.AdoptCardKey(keygrip, "Carol Shared", "carol@example.org", [OpenPgpCard.Pw1, OpenPgpCard.Pw1]);
        Assert.Contains(adopt.Status, s => s.StartsWith("KEY_CREATED", StringComparison.Ordinal));
        if (!pinPerSignature)
        {
            var forcesig = _gpg.CardEdit(["admin", "forcesig"], pins: [OpenPgpCard.Pw3]);
            Assert.True(forcesig.Succeeded, forcesig.ToString());
            Assert.Contains("Signature PIN ....: not forced", _gpg.CardStatus());
        }

        var message = _card.Dir.File("shared.txt");
        File.WriteAllText(message, "one card, two programs\n");
        for (var round = 1; round <= 2; round++)
        {
            var sign = _gpg.RunWithPin(OpenPgpCard.Pw1, "--yes", "--local-user", "carol@example.org", "--output", message + ".sig", "--detach-sign", message);
            Assert.True(sign.ExitCode == 0, $"round {round}: gpg after the module: {sign}\n--- scdaemon ---\n{_gpg.ScdaemonLog}");
            var verify = _gpg.Run("--verify", message + ".sig", message);
            Assert.True(verify.ExitCode == 0, verify.ToString());

            byte[] data = [.. "signed through the module"u8, (byte)round];
            var signature = OpenPgpModuleTests.SignWithPkcs11Tool(_card.Dir, 1, "SHA256-RSA-PKCS", data);
            using (var library = Module.Load())
            using (var session = Module.Slot(library, OpenPgpCard.Reader).OpenSession(SessionType.ReadOnly))
            using (var sigPublic = OpenPgpCard.RsaPublic(session, 1))
                Assert.True(sigPublic.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            Assert.Contains("Signature key ....:", _gpg.CardStatus());
        }
        var last = _gpg.RunWithPin(OpenPgpCard.Pw1, "--yes", "--local-user", "carol@example.org", "--output", message + ".sig", "--detach-sign", message);
        Assert.True(last.ExitCode == 0, last + "\n--- scdaemon ---\n" + _gpg.ScdaemonLog);
    }

    public void Dispose()
    {
        _gpg.Dispose();
        _card.Dispose();
    }
}
