using SharpSC.Cards.Drivers;
using SharpSC.Cards.Families;
using SharpSC.Cards.Files;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Transport;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>
/// The PKCS#15 layer reads a family's layout and PIN facts, never its type: a family shaped like MyEID (SO PIN
/// with its own reference, a PUK per PIN, key files, more directory files) is written as that layout says.
/// </summary>
public class FamilyLayoutTests
{
    private static readonly PinFormat MyEidPinFormat = new(4, 8, 8, 0xFF, true);
    private static readonly PinReference UserPin = new(0x01, MyEidPinFormat, "User PIN");
    private static readonly PinReference SoPin = new(0x03, MyEidPinFormat, "SO PIN");

    [Fact]
    public void A_myeid_shaped_layout_becomes_its_directories_pins_and_token_flags()
    {
        var driver = new LayoutOnlyDriver();
        var profile = PersonalisationProfile.For(driver);
        Assert.Equal("Layout only", profile.Name);
        Assert.Equal(
            [(DirectoryKind.AuthObjects, 0x4401), (DirectoryKind.PrivateKeys, 0x4402), (DirectoryKind.PublicKeys, 0x4404), (DirectoryKind.SecretKeys, 0x4407),
             (DirectoryKind.Certificates, 0x4403), (DirectoryKind.TrustedCertificates, 0x4405), (DirectoryKind.DataObjects, 0x4406)],
            profile.Directories.Select(d => (d.Kind, (int)d.FileId)));
        Assert.Equal(1530, profile.LayoutOf(DirectoryKind.PrivateKeys).Size);
        Assert.Equal(AccessCondition.SoPin, profile.LayoutOf(DirectoryKind.AuthObjects).Acl.Update);
        Assert.Equal(TokenFlags.EidCompliant | TokenFlags.PrnGeneration, profile.TokenFlags);
        Assert.Equal(Pkcs15Id.FromByte(0x01), profile.UserPinAuthId);

        var so = PersonalisationProfile.ToPinObject(profile.Layout.Pins[0]);
        Assert.Equal(Pkcs15Id.FromByte(0xFF), so.AuthId);
        Assert.Equal(PinFlags.SoPin | PinFlags.Initialized | PinFlags.NeedsPadding, so.Attributes.Flags);
        Assert.Equal((PinType.AsciiNumeric, 4, 8, 8, 3, (byte?)0xFF),
            (so.Attributes.Type, so.Attributes.MinLength, so.Attributes.StoredLength, so.Attributes.MaxLength, so.Attributes.Reference, so.Attributes.PadChar));
        var user = PersonalisationProfile.ToPinObject(profile.Layout.UserPinEntry);
        Assert.Equal(PinFlags.Initialized | PinFlags.NeedsPadding | PinFlags.Local, user.Attributes.Flags);
        // The user PIN as the AODF written from this layout describes it is the family's.
        Assert.Equal(UserPin with { Name = "User PIN" }, Pkcs15Pins.ToReference(user, "User PIN") with { Name = "User PIN" });
    }

    [Fact]
    public void Pins_the_aodf_does_not_list_come_from_the_family_and_the_aodf_wins_where_it_lists_them()
    {
        var driver = new LayoutOnlyDriver();
        Assert.Equal(UserPin, Pkcs15Pins.UserPinReference((IEnumerable<PinObject>?)null, driver));
        // A PUK per PIN: the user PIN's PUK has the user PIN's reference.
        Assert.Equal(new PinReference(0x01, MyEidPinFormat, "PUK"), Pkcs15Pins.UnblockingPinReference((IEnumerable<PinObject>?)null, driver, UserPin));
        var listed = PersonalisationProfile.ToPinObject(new PinEntry(PinRole.User, "Mine", [0x02], new PinReference(0x02, new PinFormat(6, 12, 12, 0x00, false))));
        var fromAodf = Pkcs15Pins.UserPinReference([listed], driver)!;
        Assert.Equal((0x02, 6, 12), (fromAodf.Reference, fromAodf.Format.MinLength, fromAodf.Format.MaxLength));
    }

    [Fact]
    public void A_read_only_driver_has_no_profile()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var driver = Cards.Drivers.Pkcs15.GenericPkcs15Driver.Connect(new AnswersOkTransport(card));
        var e = Assert.Throws<Cards.Errors.CardException>(() => PersonalisationProfile.For(driver));
        Assert.Contains("read-only", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A transport that answers 9000 to everything: the generic driver binds to it by AID; nothing else asks it.</summary>
    private sealed class AnswersOkTransport(IsoAppletCard card) : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr => card.Atr;
        public string ReaderName => "Layout reader";
        public byte[] Transmit(ReadOnlySpan<byte> command) => [0x90, 0x00];
        public IDisposable BeginTransaction() => new NoScope();
        public void Dispose()
        {
        }

        private sealed class NoScope : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    /// <summary>A driver that only describes a family (no card behind it): the layout and PIN facts of a MyEID-like card.</summary>
    private sealed class LayoutOnlyDriver() : CardDriver(new ApduChannel(new AnswersOkTransport(new IsoAppletCard(AppletVersion.V0))))
    {
        private static readonly FileAcl Structure = FileAcl.ForEf(AccessCondition.Always, AccessCondition.SoPin, AccessCondition.SoPin, AccessCondition.SoPin);
        private static readonly FileAcl Directory = FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.SoPin, AccessCondition.Never);
        private static readonly FileAcl Objects = FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never);

        public override string Name => "Layout only";
        public override string Version => "test";
        public override CardCapabilities Capabilities { get; } = new() { KeySlots = 14 };

        public override TokenFacts Facts { get; } = new()
        {
            Model = "Layout only",
            Pins = new PinFacts
            {
                UserPin = UserPin,
                UserPinTries = 3,
                Puk = new UnblockingCode(MyEidPinFormat) { Tries = 10 },
                SecurityOfficer = SecurityOfficer.WithPin(SoPin),
            },
        };

        public override CardPersonalisation Personalisation => new LayoutOnly(this);

        protected override CardPath ApplicationPath => CardPath.MasterFile;

        protected override void SelectApplication() => ApplicationSelected = true;

        private sealed class LayoutOnly(CardDriver driver) : CardPersonalisation(driver)
        {
            public override Pkcs15Layout Layout { get; } = new()
            {
                ApplicationDfAcl = FileAcl.ForDf(AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never),
                EfDir = new LayoutFile(0x2F00, 128, Structure),
                Odf = new LayoutFile(0x5031, 255, Structure),
                TokenInfo = new LayoutFile(0x5032, 160, Structure),
                Aodf = new LayoutFile(0x4401, 255, Structure),
                PrKdf = new LayoutFile(0x4402, 1530, Directory),
                PuKdf = new LayoutFile(0x4404, 1530, Directory),
                Skdf = new LayoutFile(0x4407, 1530, Directory),
                Cdf = new LayoutFile(0x4403, 1530, Directory),
                TrustedCdf = new LayoutFile(0x4405, 510, Directory),
                Dodf = new LayoutFile(0x4406, 1530, Directory),
                PublicKeys = new ObjectFiles(0x5501, Objects),
                Certificates = new ObjectFiles(0x4301, Objects),
                PublicData = new ObjectFiles(0x4601, Objects),
                PrivateData = new ObjectFiles(0x4501, FileAcl.ForEf(AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never)),
                Keys = KeyStorage.Files,
                FirstKeyReference = 1,
                PrivateKeyFileBase = 0x4B00,
                Pins =
                [
                    new PinEntry(PinRole.SecurityOfficer, "SO PIN", [0xFF], SoPin),
                    new PinEntry(PinRole.User, "User PIN", [0x01], UserPin) { Local = true },
                ],
                DefaultManufacturer = "Aventra Ltd.",
                AnnouncesRandomNumbers = true,
            };

            public override IReadOnlyList<string> SetUpPins(PinSetup setup) => [];
            public override void ProveSecurityOfficer(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret) => throw new NotSupportedException();
            public override PinSetup InitTokenSetup(ReadOnlyMemory<byte> soSecret, bool erased) => new() { SoPin = soSecret };
            public override void InitUserPin(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret, ReadOnlySpan<byte> newPin) => throw new NotSupportedException();
        }
    }
}
