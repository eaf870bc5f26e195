using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Tests.Support;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Registry;

public class DriverRegistryTests
{
    private const string SelectPiv = "00A4040005A00000030800";

    [Fact]
    public void A_yubikey_is_matched_as_piv_by_atr_with_one_select_and_another_piv_card_after_isoapplet()
    {
        // A YubiKey is also asked for its serial, in the same transaction: the token is named by it.
        var yubiKey = new ScriptedTransport("3BFD1300008131FE158073C021C057597562694B657940")
            .Expect(SelectPiv, "9000").Expect("00F8000000", "00BC614E9000");
        var match = DriverRegistry.Default.Match(yubiKey);
        Assert.IsType<SharpSC.Cards.Drivers.Piv.PivDriver>(match.Driver);
        Assert.Equal(2, yubiKey.Sent.Count);
        yubiKey.AssertDone();

        var other = new ScriptedTransport().Expect(SelectApplet, "6A82").Expect(SelectPiv, "9000");
        Assert.IsType<SharpSC.Cards.Drivers.Piv.PivDriver>(DriverRegistry.Default.Match(other).Driver);
        other.AssertDone();
    }

    [Fact]
    public void The_table_lists_the_atr_matched_rows_first_and_generic_pkcs15_last()
    {
        var names = DriverRegistry.Default.Entries.Select(e => e.Name).ToArray();
        Assert.Equal(["PIV", "OpenPGP", "MyEID", "IsoApplet", "PIV", "OpenPGP", "Generic PKCS#15"], names);
        Assert.NotEmpty(DriverRegistry.Default.Entries[0].Atrs); // YubiKeys by ATR only
        Assert.NotEmpty(DriverRegistry.Default.Entries[1].Atrs); // standalone OpenPGP cards by ATR only
        Assert.Empty(DriverRegistry.Default.Entries[1].SharesCardWith);
        Assert.Empty(DriverRegistry.Default.Entries[4].Atrs);
    }

    [Fact]
    public void An_isoapplet_v0_is_matched_with_one_select_inside_a_transaction()
    {
        var card = V0Card();
        var match = DriverRegistry.Default.Match(card);
        Assert.True(match.Success);
        Assert.IsType<IsoAppletDriver>(match.Driver);
        Assert.Single(card.Sent);
        Assert.Equal(1, card.TransactionsBegun);
        card.AssertDone();
    }

    [Fact]
    public void An_isoapplet_v1_is_matched_with_select_and_get_data()
    {
        var card = V1Card();
        var driver = Assert.IsType<IsoAppletDriver>(DriverRegistry.Default.Match(card).Driver);
        Assert.True(driver.IsV1);
        card.AssertDone();
    }

    [Fact]
    public void Another_card_with_a_pkcs15_application_gets_the_generic_driver()
    {
        var card = new ScriptedTransport()
            .Expect(SelectApplet, "6A82")
            .Expect(SelectPiv, "6A82")
            .Expect(SelectOpenPgp, "6A82")
            .Expect("00A404000CA000000063504B43532D313500", "9000");
        var match = DriverRegistry.Default.Match(card);
        Assert.IsType<GenericPkcs15Driver>(match.Driver);
        // The YubiKey PIV and standalone OpenPGP rows are skipped by ATR and MyEID by its historical bytes, all without an APDU.
        Assert.Equal(7, match.Attempts.Count);
        Assert.Contains("ATR does not match", match.Attempts[1]);
        card.AssertDone();
    }

    [Fact]
    public void An_openpgp_card_is_matched_with_its_select_and_the_application_related_data()
    {
        var gnupg = Transcript.Load("gnupg.apdu", "openpgp");
        var card = new ScriptedTransport()
            .Expect(SelectApplet, "6A82")
            .Expect(SelectPiv, "6A82")
            .Expect(SelectOpenPgp, "9000")
            .Expect("00CA006E00", gnupg.ResponseTo("00CA006E00"));
        var match = DriverRegistry.Default.Match(card);
        var driver = Assert.IsType<SharpSC.Cards.Drivers.OpenPgp.OpenPgpDriver>(match.Driver);
        Assert.Equal("OpenPGP card 3.4", driver.Version);
        Assert.Contains("serial 00000000", match.Reason);
        card.AssertDone();
    }

    private const string SelectOpenPgp = "00A4040006D2760001240100";

    [Fact]
    public void No_match_names_the_atr_and_every_attempt()
    {
        var card = new ScriptedTransport("3B8F8001")
            .Expect(SelectApplet, "6A82")
            .Expect(SelectPiv, "6A82")
            .Expect(SelectOpenPgp, "6A82")
            .Expect("00A404000CA000000063504B43532D313500", "6A82")
            .Expect("00A40800022F0000", "6A82");
        var match = DriverRegistry.Default.Match(card);
        Assert.Null(match.Driver);
        Assert.StartsWith("no driver for ATR 3B8F8001 in Scripted reader", match.Reason);
        Assert.Contains("IsoApplet: SELECT IsoApplet AID answered 6A82", match.Reason);
        Assert.Contains("OpenPGP: SELECT OpenPGP AID answered 6A82", match.Reason);
        Assert.Contains("Generic PKCS#15", match.Reason);
        card.AssertDone();
    }

    [Fact]
    public void An_entry_with_atr_patterns_is_skipped_without_an_apdu_when_the_atr_differs()
    {
        var probed = false;
        var registry = new DriverRegistry([
            new DriverEntry("Only jcardsim", "test", [AtrPattern.Parse("3B:80:80:01:01")], (Transport.ApduChannel _, out string reason) =>
            {
                probed = true;
                reason = "probed";
                return null;
            }),
        ]);
        var match = registry.Match(new ScriptedTransport("3B8F8001"));
        Assert.False(probed);
        Assert.Contains("ATR does not match", match.Reason);
        registry.Match(new ScriptedTransport("3B80800101"));
        Assert.True(probed);
    }

    [Fact]
    public void Atr_masks_ignore_the_masked_bits() =>
        Assert.True(AtrPattern.Parse("3B8080FF01", "FFFFFF00FF").Matches(Hex("3B80801201")));

    private static byte[] Hex(string s) => Cards.Apdu.Hex.Decode(s);
}
