using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

public class InitializeTokenTests
{
    private static readonly IsoAppletFixture OpenSc = IsoAppletFixture.Instance;

    [Theory]
    [InlineData(AppletVersion.V0)]
    [InlineData(AppletVersion.V1)]
    public void The_structure_matches_what_opensc_writes_byte_for_byte(AppletVersion version)
    {
        var token = new EmulatedToken(version);
        token.Initialised();

        // EF.DIR, AODF and TokenInfo equal OpenSC's (same label, serial 0000, same time).
        Assert.Equal(OpenSc["3F002F00"], token.File("3F002F00"));
        Assert.Equal(OpenSc["3F0050154401"], token.File("3F0050154401"));
        Assert.Equal(Hex(OpenSc["3F0050155032"]), Hex(token.File("3F0050155032"))[..(OpenSc["3F0050155032"].Length * 2)]);
        // The ODF lists OpenSC's four directory files in its order, then the DODF OpenSC adds with the first data object.
        var odf = Hex(token.File("3F0050155031"));
        Assert.StartsWith(Hex(OpenSc["3F0050155031"].AsSpan(0, 48)) + "A70A300804063F0050154405", odf, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_carry_opensc_sizes_and_access_rules_with_the_structure_files_protected_by_the_pin()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        token.Initialised();
        foreach (var (path, size, acl) in new[]
                 {
                     ("3F002F00", 128, "FF90909090909000"),
                     ("3F0050155031", 256, "FF90909090909000"),
                     ("3F0050155032", 128, "FF90909090909000"),
                     ("3F0050154401", 256, "FF90909090909000"),
                     ("3F0050154402", 512, "FF90909090909000"),
                     ("3F0050154403", 512, "FF90909090909000"),
                     ("3F0050154404", 512, "FF90909090909000"),
                     ("3F0050154405", 256, "FF90909090909000"),
                 })
        {
            var fci = token.Fci(path);
            Assert.Equal(size, fci.Size);
            Assert.Equal(acl, Hex(fci.SecurityAttributes!));
        }
        var df = token.Fci("3F005015");
        Assert.Equal("FF90909090909090", Hex(df.SecurityAttributes!));
        Assert.Equal(EfDirAid, Hex(df.DfName!));
    }

    [Fact]
    public void The_dump_shows_the_same_token_and_pin_as_opensc()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        token.Initialised();
        var ours = token.Dump().Replace("\t", "    ", StringComparison.Ordinal).Split('\n');
        var pinEnd = Array.FindIndex(OpenSc.OpenScDump.ToArray(), l => l.StartsWith("Private RSA Key", StringComparison.Ordinal));
        var expected = OpenSc.OpenScDump.Take(pinEnd).Select(l => l.StartsWith("    Last update", StringComparison.Ordinal) ? "    Last update    : 20261127090746Z" : l);
        Assert.Equal(expected.ToArray(), ours.Take(pinEnd).ToArray());
    }

    [Fact]
    public void The_new_structure_reads_back_as_the_model_the_personaliser_returned()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var returned = token.Initialised().Card.Application!;
        Assert.Equal(Normalised(returned), Normalised(token.Read().Application!));
    }

    [Fact]
    public void The_pin_protects_the_structure_files()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        token.Initialised();
        var driver = token.Connect();
        var e = Assert.Throws<CardException>(() => driver.UpdateBinary(CardPath.Parse("3F0050155032"), 0, new byte[] { 0x30 }));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, e.Error);
        Assert.Throws<CardException>(() => driver.DeleteFile(CardPath.Parse("3F005015")));
        Assert.Throws<CardException>(() => driver.CreateFile(CardPath.Parse("3F005015"), FileSpec.TransparentEf(0x3333, 10, FileAcl.AllAlways)));
    }

    [Fact]
    public void A_second_init_is_refused_while_a_structure_exists()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        token.Initialised();
        var e = Assert.Throws<PersonalisationException>(() => token.Initialised("Again"));
        Assert.Equal(PersonalisationError.AlreadyInitialized, e.Error);
        Assert.Contains("'Test'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_erase_init_needs_the_pin_the_applet_kept_and_the_puk_can_set_a_new_one()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        p.Erase();
        Assert.Null(token.Read().Application);

        var wrong = Assert.Throws<CardException>(() => token.Open().InitializeToken(new TokenInitialization { Label = "B", UserPin = "999999"u8.ToArray() }));
        Assert.Equal(CardError.PinIncorrect, wrong.Error);
        Assert.Equal(2, wrong.TriesLeft);
        Assert.Contains("cannot reset", wrong.Message, StringComparison.Ordinal);

        var again = token.Open().InitializeToken(new TokenInitialization { Label = "B", UserPin = "654321"u8.ToArray(), Puk = EmulatedToken.Puk });
        Assert.Contains(again.Notes, n => n.Contains("PUK was accepted", StringComparison.Ordinal));
        token.Open().VerifyUserPin("654321"u8);
        Assert.Equal("B", token.Read().Application!.TokenInfo.Label);
    }

    [Fact]
    public void Requests_the_card_cannot_honour_are_refused_before_anything_is_written()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Open();
        Assert.Equal(PersonalisationError.NotSupported, Assert.Throws<PersonalisationException>(() =>
            p.InitializeToken(new TokenInitialization { Label = "T", UserPin = EmulatedToken.Pin, SoPin = EmulatedToken.Pin })).Error);
        Assert.Equal(PersonalisationError.InvalidRequest, Assert.Throws<PersonalisationException>(() =>
            p.InitializeToken(new TokenInitialization { Label = "T", UserPin = EmulatedToken.Pin, Puk = "short"u8.ToArray() })).Error);
        Assert.Equal(PersonalisationError.InvalidRequest, Assert.Throws<PersonalisationException>(() =>
            p.InitializeToken(new TokenInitialization { Label = "T", UserPin = "12"u8.ToArray() })).Error);
        Assert.Equal(PersonalisationError.InvalidRequest, Assert.Throws<PersonalisationException>(() =>
            p.InitializeToken(new TokenInitialization { Label = new string('x', 120), UserPin = EmulatedToken.Pin })).Error);
        // Still blank: the PIN can be set by a correct request.
        token.Initialised();
    }

    private const string EfDirAid = "A000000063504B43532D3135";

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>What a reader must agree on: EF.DIR and directory order and lengths read depend on how it reads (lazily or whole).</summary>
    internal static Pkcs15Application Normalised(Pkcs15Application app) => app with
    {
        EfDir = null,
        Application = null,
        Directories = ValueList.From(app.Directories.OrderBy(d => d.Kind).Select(d => d with { FileLength = 0 })),
    };
}
