using SharpSC.FullStack.Tests.Cli;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// The published sharpsc on the virtual OpenPGP card, checked by GnuPG: keys its generic `keygen --key` generates
/// per slot are what `gpg --card-status` shows (algorithm attributes, fingerprints) and what `sharpsc info` and
/// `list` report, a PIN `sharpsc pin change` changes is the one GnuPG's card asks for, and its factory reset
/// leaves GnuPG an empty card.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenPgpCliTests : IDisposable
{
    private readonly OpenPgpCard _card = new();
    private readonly GnuPg _gpg = new(OpenPgpCard.Reader);

    [Fact]
    public void Keys_sharpsc_generates_are_the_keys_GnuPg_shows_and_reset_empties_the_card()
    {
        var fingerprints = new List<string>();
        foreach (var (slot, algorithm) in new[] { ("sig", "ed25519"), ("dec", "cv25519"), ("aut", "nistp256") })
        {
            var r = Sharpsc.Raw(["keygen", "--key", slot, algorithm, "--admin-pin", OpenPgpCard.Pw3, "--reader", OpenPgpCard.Reader, "--json"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            fingerprints.Add(System.Text.Json.JsonDocument.Parse(r.StdOut).RootElement.GetProperty("fingerprint").GetString()!);
        }

        var status = _gpg.CardStatus();
        Assert.Contains("Key attributes ...: ed25519 cv25519 nistp256", status);
        var shown = status.Replace(" ", "", StringComparison.Ordinal);
        Assert.All(fingerprints, f => Assert.Contains(f, shown));

        var info = Sharpsc.Raw(["info", "--json", "--reader", OpenPgpCard.Reader]);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Equal(fingerprints, System.Text.Json.JsonDocument.Parse(info.StdOut).RootElement.GetProperty("keys").EnumerateArray()
            .Select(k => k.GetProperty("fingerprint").GetString()!));
        var list = Sharpsc.Raw(["list", "--reader", OpenPgpCard.Reader]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("Slot sig (Signature key), id 01: ed25519", list.StdOut, StringComparison.Ordinal);

        var change = Sharpsc.Raw(["pin", "change", "--pin", OpenPgpCard.Pw1, "--new-pin", "new-pin-9", "--reader", OpenPgpCard.Reader]);
        Assert.True(change.ExitCode == 0, change.ToString());
        _gpg.ForgetCardState();
        var passwd = _gpg.CardEdit(["passwd"], pins: ["new-pin-9", OpenPgpCard.Pw1, OpenPgpCard.Pw1]);
        Assert.True(passwd.Succeeded, passwd.ToString());

        var reset = Sharpsc.Raw(["openpgp", "reset", "--reader", OpenPgpCard.Reader]);
        Assert.True(reset.ExitCode == 0, reset.ToString());
        _gpg.ForgetCardState();
        status = _gpg.CardStatus();
        Assert.Contains("Signature key ....: [none]", status);
        Assert.Contains("Authentication key: [none]", status);
    }

    public void Dispose()
    {
        _gpg.Dispose();
        _card.Dispose();
    }
}
