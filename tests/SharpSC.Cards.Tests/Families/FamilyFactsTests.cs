using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Drivers.Pkcs15;
using SharpSC.Cards.Families;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Families;

/// <summary>What a family says about its tokens comes from its driver, not from type tests elsewhere.</summary>
public class FamilyFactsTests
{
    [Fact]
    public void Isoapplet_v0_describes_itself_by_its_api_version_and_fixes_its_one_user_pin()
    {
        var driver = Connect(V0Card());
        var facts = driver.Facts;
        Assert.Equal("IsoApplet 0.06", facts.Model);
        Assert.Equal(new CardVersion(0, 6), facts.Firmware);
        Assert.Equal(default, facts.Hardware);
        var pins = facts.Pins;
        Assert.True(pins.UserPinFixed);
        Assert.Equal(IsoAppletDriver.UserPin, pins.UserPin);
        Assert.Equal((4, 16, 16, (byte)0x00, true), (pins.UserPin!.Format.MinLength, pins.UserPin.Format.MaxLength, pins.UserPin.Format.StoredLength, pins.UserPin.Format.PadChar, pins.UserPin.Format.NeedsPadding));
        Assert.Equal(3, pins.UserPinTries);
        Assert.Equal(SecurityOfficerKind.Puk, pins.SecurityOfficer.Kind);
        Assert.Equal((byte)0x02, pins.Puk!.Reference);
        Assert.Equal(5, pins.Puk.Tries);
        Assert.Same(pins.Puk.Format, pins.SecurityOfficerFormat);
        Assert.Equal(16, pins.SecurityOfficerFormat!.MinLength);
        // The one PUK of the applet unblocks the user PIN.
        Assert.Equal(IsoAppletDriver.Puk with { Name = "PUK" }, pins.Puk.For(IsoAppletDriver.UserPin));
    }

    [Fact]
    public void Isoapplet_v1_reports_its_api_version_and_imports_rsa_2048_only()
    {
        var driver = Connect(V1Card());
        Assert.Equal("IsoApplet 1.00", driver.Facts.Model);
        Assert.Equal(new CardVersion(1, 0), driver.Facts.Firmware);
        var rsa = driver.Capabilities.Algorithms.Where(a => a.Algorithm == KeyAlgorithm.Rsa).ToList();
        Assert.Contains(rsa, a => a is { KeySizeBits: 4096, Generate: true, Import: false });
        Assert.Contains(rsa, a => a is { KeySizeBits: 2048, Generate: true, Import: true });
    }

    [Fact]
    public void The_isoapplet_layout_is_opensc_s_isoapplet_profile()
    {
        var layout = Connect(V0Card()).Personalisation!.Layout;
        Assert.Equal(0x5015, layout.ApplicationFileId);
        Assert.Equal([0x4401, 0x4402, 0x4403, 0x4404, 0x4405], new[] { layout.Aodf, layout.PrKdf, layout.PuKdf, layout.Cdf, layout.Dodf }.Select(f => (int)f.FileId));
        Assert.Null(layout.Skdf);
        Assert.Equal((0x3300, 0x3400, 0x3200, 0x3500),
            (layout.PublicKeys.FirstFileId, layout.Certificates.FirstFileId, layout.PublicData.FirstFileId, layout.PrivateData.FirstFileId));
        Assert.Equal(AccessCondition.Pin, layout.PrivateData.Acl.Read);
        Assert.Equal(AccessCondition.Always, layout.Certificates.Acl.Read);
        Assert.Equal(KeyStorage.Slots, layout.Keys);
        Assert.Equal(0, layout.FirstKeyReference);
        var user = Assert.Single(layout.Pins);
        Assert.Equal((PinRole.User, "User PIN", (byte)0xFF, true), (user.Role, user.Label, user.AuthId.Single(), user.CaseSensitive));
        Assert.Same(user, layout.UserPinEntry);
        Assert.Equal(IsoAppletDriver.UserPin, user.Pin);
    }

    [Fact]
    public void A_driver_without_facts_of_its_own_names_itself_and_leaves_the_pins_to_the_card()
    {
        var card = new ScriptedTransport().Expect("00A404000CA000000063504B43532D313500", "9000");
        var driver = GenericPkcs15Driver.TryConnect(new ApduChannel(card), out _)!;
        Assert.Equal("Generic PKCS#15", driver.Facts.Model);
        Assert.Same(PinFacts.FromCardOnly, driver.Facts.Pins);
        Assert.Null(driver.Facts.Pins.UserPin);
        Assert.Equal(SecurityOfficerKind.None, driver.Facts.Pins.SecurityOfficer.Kind);
        Assert.Null(driver.Facts.Pins.SecurityOfficerFormat);
        Assert.Null(driver.Personalisation);
    }

    [Fact]
    public void A_puk_per_pin_unblocks_each_pin_under_the_pin_s_own_reference()
    {
        // MyEID's way: RESET RETRY COUNTER P2 names the PIN; its PUK has the PUK's format.
        var pukFormat = new PinFormat(4, 8, 8, 0xFF, true);
        var puk = new UnblockingCode(pukFormat) { Tries = 10 };
        var userPin = new PinReference(0x01, new PinFormat(4, 8, 8, 0xFF, true), "User PIN");
        var soPin = new PinReference(0x03, new PinFormat(4, 8, 8, 0xFF, true), "SO PIN");
        Assert.Equal(new PinReference(0x01, pukFormat, "PUK"), puk.For(userPin));
        Assert.Equal(new PinReference(0x03, pukFormat, "PUK"), puk.For(soPin));
        var facts = new PinFacts { UserPin = userPin, Puk = puk, SecurityOfficer = SecurityOfficer.WithPin(soPin) };
        Assert.Equal(SecurityOfficerKind.Pin, facts.SecurityOfficer.Kind);
        Assert.Same(soPin.Format, facts.SecurityOfficerFormat);
    }
}
