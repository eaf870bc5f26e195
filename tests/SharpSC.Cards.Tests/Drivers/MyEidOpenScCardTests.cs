using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Files;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.TestSupport;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>
/// A card personalised by OpenSC 0.23's pkcs15-init (the fixture's commands, replayed into the emulator) read
/// through the MyEID driver and the PKCS#15 layer: OpenSC's layout, FCIs, ACLs, PINs and keys as ours sees them.
/// </summary>
public sealed class MyEidOpenScCardTests
{
    private static MyEidDriver OpenScCard(out MyEidTransport transport)
    {
        transport = new MyEidTransport(MyEidFixtureCards.OpenScPersonalised());
        return Assert.IsType<MyEidDriver>(DriverRegistry.Default.Match(transport).Driver);
    }

    [Fact]
    public void The_files_read_as_opensc_made_them()
    {
        var driver = OpenScCard(out _);
        Assert.True(driver.IsOperational());
        var odf = driver.SelectFile(CardPath.Parse("3F0050155031"));
        Assert.Equal((CardFileType.TransparentEf, 0xFF), (odf.Type, odf.Size));
        Assert.Equal(FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.SoPin, AccessCondition.Never), odf.Acl);
        var aodf = driver.SelectFile(CardPath.Parse("3F0050154401"));
        Assert.Equal(AccessCondition.SoPin, aodf.Acl!.Update); // reference 3
        var app = driver.SelectFile(CardPath.Parse("3F005015"));
        Assert.Equal(CardFileType.DedicatedFile, app.Type);
        Assert.Equal(MyEidOpenScAid, app.DfName);
        Assert.Equal(AccessCondition.Pin, app.Acl!.UpdateOrCreateEf);
        var key = driver.SelectFile(CardPath.Parse("3F0050154B01"));
        Assert.Equal((CardFileType.Unknown, 2048), (key.Type, key.Size));
    }

    [Fact]
    public void The_pkcs15_structure_shows_opensc_pins_and_keys()
    {
        var driver = OpenScCard(out var transport);
        var before = transport.Apdus;
        var card = Pkcs15Card.Read(driver);
        Assert.Equal("MyEID", card.TokenInfo!.Label);
        Assert.Equal("Aventra Ltd.", card.TokenInfo.ManufacturerId);
        Assert.Equal("00000000000000000001", card.TokenInfo.SerialNumberHex);
        var pins = card.Objects<PinObject>(DirectoryKind.AuthObjects);
        Assert.Equal([("Security Officer PIN", 3), ("User PIN", 1)], pins.Select(p => (p.Label, p.Attributes.Reference ?? -1)));
        Assert.All(pins, p => Assert.Equal((4, 8, 8, (byte?)0xFF), (p.Attributes.MinLength, p.Attributes.MaxLength ?? 0, p.Attributes.StoredLength, p.Attributes.PadChar)));
        var keys = card.Objects<PrivateKeyObject>(DirectoryKind.PrivateKeys);
        Assert.Equal([("3F0050154B01", 1, 2048), ("3F0050154B02", 2, 256)],
            keys.Select(k => (k.Value.Path!.Hex, k.Key.KeyReference ?? -1, k.KeySizeBits ?? 0)));
        var publicKeys = card.Objects<PublicKeyObject>(DirectoryKind.PublicKeys);
        var rsaPublic = card.ReadValue(publicKeys[0].Value);
        Assert.Equal(0x30, rsaPublic[0]); // RSAPublicKey as pkcs15-init wrote it in 5501
        // TokenInfo, ODF, AODF, PrKDF, PuKDF: SELECT + one READ each (the objects end early); 5501 (270 bytes): two READs.
        Assert.Equal(13, transport.Apdus - before);
    }

    private static readonly byte[] MyEidOpenScAid = Convert.FromHexString("A000000063504B43532D3135");
}
