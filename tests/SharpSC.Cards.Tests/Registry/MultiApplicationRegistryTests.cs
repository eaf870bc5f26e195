using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Tests.Support;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;
using static SharpSC.Cards.Tests.Support.StubApplicationDriver;

namespace SharpSC.Cards.Tests.Registry;

/// <summary>Every application on a card: found in table order, each probed once, and only where the table says another may sit.</summary>
public class MultiApplicationRegistryTests
{
    [Fact]
    public void After_the_first_match_only_the_rows_it_shares_the_card_with_are_probed()
    {
        var registry = new DriverRegistry([
            Row("Solo", 0x01),
            Row("PIV", 0x02, ["OpenPGP"]),
            Row("Other", 0x03),
            Row("OpenPGP", 0x04, ["PIV"]),
            Row("Last", 0x05),
        ]);
        var card = new ScriptedTransport()
            .Expect(Select(0x01), "6A82")
            .Expect(Select(0x02), "9000")
            .Expect(Select(0x04), "9000");
        var found = registry.FindApplications(card);
        Assert.Equal(["PIV", "OpenPGP"], found.Found.Select(a => a.Name));
        Assert.Equal(["PIV", "OpenPGP"], found.Found.Select(a => a.Driver.Name));
        Assert.Equal(["Solo: SELECT 01 answered 6A82", "PIV: SELECT 02 answered 9000", "OpenPGP: SELECT 04 answered 9000"], found.Attempts);
        Assert.Same(found.Found[1], found.Named("openpgp"));
        Assert.Equal(1, card.TransactionsBegun);
        card.AssertDone();
    }

    [Fact]
    public void A_neighbour_that_is_not_on_the_card_costs_its_probe_and_nothing_else()
    {
        var registry = new DriverRegistry([Row("PIV", 0x02, ["OpenPGP"]), Row("Other", 0x03), Row("OpenPGP", 0x04, ["PIV"])]);
        var card = new ScriptedTransport().Expect(Select(0x02), "9000").Expect(Select(0x04), "6A82");
        var found = registry.FindApplications(card);
        Assert.Equal("PIV", Assert.Single(found.Found).Name);
        card.AssertDone();
    }

    [Fact]
    public void Match_stops_at_the_first_application()
    {
        var registry = new DriverRegistry([Row("PIV", 0x02, ["OpenPGP"]), Row("OpenPGP", 0x04, ["PIV"])]);
        var card = new ScriptedTransport().Expect(Select(0x02), "9000");
        Assert.Equal("PIV", registry.Match(card).Driver!.Name);
        card.AssertDone();
    }

    [Fact]
    public void A_card_with_one_application_costs_what_the_first_match_costs()
    {
        var card = Fixtures.V0Card();
        var found = DriverRegistry.Default.FindApplications(card);
        Assert.IsType<IsoAppletDriver>(Assert.Single(found.Found).Driver);
        Assert.Equal(IsoAppletDriver.DriverName, found.Found[0].Name);
        Assert.Single(card.Sent);
        card.AssertDone();
    }

    [Fact]
    public void No_application_names_the_atr_and_every_attempt()
    {
        var registry = new DriverRegistry([Row("PIV", 0x02, ["OpenPGP"]), Row("OpenPGP", 0x04)]);
        var card = new ScriptedTransport("3B8F8001").Expect(Select(0x02), "6A82").Expect(Select(0x04), "6A82");
        var found = registry.FindApplications(card);
        Assert.False(found.Success);
        Assert.StartsWith("no driver for ATR 3B8F8001 in Scripted reader: PIV: SELECT 02 answered 6A82; OpenPGP:", found.Reason, StringComparison.Ordinal);
        card.AssertDone();
    }

    [Fact]
    public void Drivers_of_one_card_select_their_application_again_only_after_another_selected_itself()
    {
        var registry = new DriverRegistry([Row("PIV", 0x02, ["OpenPGP"]), Row("OpenPGP", 0x04, ["PIV"])]);
        var card = new ScriptedTransport()
            .Expect(Select(0x02), "9000")
            .Expect(Select(0x04), "9000")
            // The OpenPGP probe was last: its application is selected.
            .Expect(PingCommand(0x04), "9000")
            .Expect(PingCommand(0x04), "9000")
            // PIV: one SELECT for the switch, none while it stays.
            .Expect(Select(0x02), "9000")
            .Expect(PingCommand(0x02), "9000")
            .Expect(PingCommand(0x02), "9000")
            .Expect(Select(0x04), "9000")
            .Expect(PingCommand(0x04), "9000");
        var found = registry.FindApplications(card).Found;
        var (piv, openPgp) = ((StubApplicationDriver)found[0].Driver, (StubApplicationDriver)found[1].Driver);
        openPgp.Ping();
        openPgp.Ping();
        piv.Ping();
        piv.Ping();
        openPgp.Ping();
        card.AssertDone();
    }

    [Fact]
    public void A_driver_that_selects_at_every_transaction_does_it_once_per_outermost_transaction()
    {
        var registry = new DriverRegistry([Row("Shared", 0x07, selectsAtEveryTransaction: true)]);
        var card = new ScriptedTransport()
            .Expect(Select(0x07), "9000")
            .Expect(Select(0x07), "9000")
            .Expect(PingCommand(0x07), "9000")
            .Expect(Select(0x07), "9000")
            .Expect(PingCommand(0x07), "9000")
            .Expect(PingCommand(0x07), "9000");
        var driver = (StubApplicationDriver)registry.Match(card).Driver!;
        driver.Ping();
        using (driver.BeginTransaction())
        {
            driver.Ping();
            driver.Ping();
        }
        card.AssertDone();
    }

    [Fact]
    public void Two_applets_on_one_card_each_find_their_application_selected_when_they_run()
    {
        var first = new IsoAppletCard(AppletVersion.V0);
        var second = new IsoAppletCard(AppletVersion.V0);
        var card = new TwoAppletTransport(first, second);
        var found = TwoAppletTransport.DriverTable.FindApplications(card).Found;
        Assert.Equal([IsoAppletDriver.DriverName, GenericPkcs15Driver.DriverName], found.Select(a => a.Name));
        var (iso, generic) = (found[0].Driver, found[1].Driver);
        Assert.Equal((2, 1), (card.Selects, card.Switches));

        // The generic driver's probe selected its application last: IsoApplet selects its own again, once.
        Assert.False(iso.GetPinStatus(IsoAppletDriver.UserPin).VerificationRequired); // a blank applet
        iso.GetPinStatus(IsoAppletDriver.UserPin);
        Assert.Equal((3, 2), (card.Selects, card.Switches));
        Assert.Null(Pkcs15.Card.Pkcs15Card.ReadFileOrNull(generic, "3F002F00"));
        Assert.Equal((4, 3), (card.Selects, card.Switches));
    }
}
