using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// p11-kit: the module registered by samples/p11-kit/sharpsc.module (installed for the test in
/// /etc/pkcs11/modules and removed after), GnuTLS's p11tool finding the card through p11-kit, and
/// remote use of the card: `p11-kit server` exports the token on a Unix socket and a program using
/// p11-kit-client.so lists and signs through it, also across an ssh-forwarded socket.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class P11KitTests(SharpscV1Card card) : IClassFixture<SharpscV1Card>
{
    /// <summary>The administrator's p11-kit module directory (it wins over /usr/share/p11-kit/modules).</summary>
    private const string ModuleFile = "/etc/pkcs11/modules/sharpsc.module";

    private const string ClientModule = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";

    private static readonly string TokenUri = "pkcs11:token=" + ClientCard.TokenLabel;

    /// <summary>samples/p11-kit/sharpsc.module with the module name made the absolute path of the build under test.</summary>
    private static TemporarySystemFile RegisterModule()
    {
        var sample = File.ReadAllText(Samples.PathOf("p11-kit", "sharpsc.module"));
        const string relative = "module: sharpsc-pkcs11.so";
        Assert.Contains(relative, sample, StringComparison.Ordinal);
        return new TemporarySystemFile(ModuleFile, sample.Replace(relative, "module: " + Module.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void P11_kit_list_modules_shows_the_module_and_its_token()
    {
        var fileExisted = File.Exists(ModuleFile);
        ProcessResult r;
        using (RegisterModule())
            r = ProcessRunner.Run("p11-kit", "list-modules");
        Assert.Equal(fileExisted, File.Exists(ModuleFile));
        Assert.True(r.ExitCode == 0, r.ToString());
        var ours = r.StdOut[r.StdOut.IndexOf("sharpsc: " + Module.Path, StringComparison.Ordinal)..];
        Assert.Contains("library-manufacturer: SharpSC", ours, StringComparison.Ordinal);
        Assert.Contains("token: " + ClientCard.TokenLabel, ours, StringComparison.Ordinal);
    }

    [Fact]
    public void P11tool_lists_and_signs_through_p11_kit()
    {
        ProcessResult all, privateKeys, sign;
        var env = new Dictionary<string, string?> { ["GNUTLS_PIN"] = ClientCard.Pin };
        using (RegisterModule())
        {
            all = ProcessRunner.Run("p11tool", ["--list-all", TokenUri], env);
            privateKeys = ProcessRunner.Run("p11tool", ["--login", "--list-all-privkeys", TokenUri], env);
            sign = ProcessRunner.Run("p11tool", ["--login", "--test-sign", ClientCard.Uri(ClientCard.RsaId, "private")], env);
        }
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("Type: X.509 Certificate (RSA-2048)", all.StdOut, StringComparison.Ordinal);
        Assert.Contains("Type: Public key (RSA-2048)", all.StdOut, StringComparison.Ordinal);
        Assert.Contains("Type: Public key (EC/ECDSA-SECP256R1)", all.StdOut, StringComparison.Ordinal);
        Assert.True(privateKeys.ExitCode == 0, privateKeys.ToString());
        Assert.Contains("Type: Private key (RSA-2048)", privateKeys.StdOut, StringComparison.Ordinal);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Contains("Verifying against public key in the token... ok", sign.All, StringComparison.Ordinal);
    }

    /// <summary>`p11-kit server` exporting the card's token on <paramref name="socket"/>.</summary>
    private static BackgroundProcess StartServer(string socket)
    {
        var server = BackgroundProcess.Start("p11-kit", ["server", "--foreground", "--sh", "--name", socket, "--provider", Module.Path, TokenUri]);
        server.WaitForOutput("P11_KIT_SERVER_PID=");
        server.WaitForFile(socket);
        return server;
    }

    /// <summary>pkcs11-tool loading p11-kit's client module, which talks to the server at <paramref name="socket"/>.</summary>
    private static ProcessResult Remote(string socket, params string[] args) =>
        ProcessRunner.Run("pkcs11-tool", ["--module", ClientModule, .. args],
            new Dictionary<string, string?> { ["P11_KIT_SERVER_ADDRESS"] = "unix:path=" + socket });

    private void SignRemotely(string socket, string name)
    {
        var listing = Remote(socket, "--list-slots");
        Assert.True(listing.ExitCode == 0, listing.ToString());
        Assert.Contains("token label        : " + ClientCard.TokenLabel, listing.StdOut, StringComparison.Ordinal);
        var objects = Remote(socket, "--list-objects");
        Assert.Contains("subject:    DN: CN=card-rsa2048", objects.StdOut, StringComparison.Ordinal);

        var data = card.Dir.File("remote.txt");
        File.WriteAllText(data, "signed on another machine's card\n");
        var sig = card.Dir.File(name + ".sig");
        var sign = Remote(socket, "--login", "--pin", ClientCard.Pin, "--sign", "--id", ClientCard.RsaId, "-m", "SHA256-RSA-PKCS",
            "-i", data, "-o", sig);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var verify = ProcessRunner.Run("openssl", "dgst", "-sha256", "-verify", card.RsaPublicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void P11_kit_server_exports_the_token_and_the_client_module_lists_and_signs()
    {
        var socket = card.Dir.File("p11-kit.sock");
        using var server = StartServer(socket);
        Assert.Contains("P11_KIT_SERVER_ADDRESS=unix:path=" + socket, server.Output, StringComparison.Ordinal);
        SignRemotely(socket, "remote");
    }

    /// <summary>The README's recipe: the card's machine runs the server; ssh -R carries its socket to the other machine.</summary>
    [Fact]
    public void The_exported_token_works_across_an_ssh_forwarded_socket()
    {
        var local = card.Dir.File("p11-kit-local.sock");
        var forwarded = card.Dir.File("p11-kit-forwarded.sock");
        using var server = StartServer(local);
        using var sshd = new SshServer(card.Dir, [SshClient.CardKeyLine(Module.Path, card.RsaPublicKeyPem)]);
        var client = new SshClient(card.Dir, ClientCard.Pin);
        using var tunnel = BackgroundProcess.Start("ssh", ["-F", "/dev/null", "-N", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes", "-I", Module.Path,
            "-R", $"{forwarded}:{local}", "-p", sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{Environment.UserName}@127.0.0.1"], client.Environment());
        tunnel.WaitForFile(forwarded, TimeSpan.FromSeconds(30));
        SignRemotely(forwarded, "forwarded");
    }
}
