using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.Cli.Connection;
using SharpSC.Cli.Errors;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;

namespace SharpSC.Cli.Tests;

/// <summary>--app picks one application of a card that carries several; by default the first.</summary>
public class ApplicationChoiceTests
{
    private const string Reader = "Two applets 00";

    [Fact]
    public void By_default_the_first_application_by_name_or_number_another()
    {
        var (first, second) = (Personalised("First"), Personalised("Second"));
        Assert.Contains("\"First\"", Run(first, second, "info").Out, StringComparison.Ordinal);
        var byName = Run(first, second, "info", "--app", "generic-pkcs15");
        Assert.Contains("Generic PKCS#15", byName.Out, StringComparison.Ordinal);
        Assert.Contains("0: IsoApplet, 1: Generic PKCS#15 (choose with --app)", byName.Out, StringComparison.Ordinal);
        Assert.Contains("\"Second\"", byName.Out, StringComparison.Ordinal);
        Assert.Contains("\"Second\"", Run(first, second, "info", "--app", "1").Out, StringComparison.Ordinal);
        var firstDump = Run(first, second, "dump", "--app", "isoapplet").Out;
        Assert.Contains("First", firstDump, StringComparison.Ordinal);
        Assert.DoesNotContain("Second", firstDump, StringComparison.Ordinal);
        var secondDump = Run(first, second, "dump", "--app", "PKCS").Out;
        Assert.Contains("Second", secondDump, StringComparison.Ordinal);
        Assert.DoesNotContain("First", secondDump, StringComparison.Ordinal);
    }

    [Fact]
    public void An_application_the_card_does_not_carry_is_named_with_those_it_does()
    {
        var result = Run(Personalised("First"), Personalised("Second"), "dump", "--app", "openpgp");
        Assert.Equal(ExitCodes.NoCard, result.ExitCode);
        Assert.Contains($"no application 'openpgp' on the card in reader 0 ({Reader}); it has 0: IsoApplet, 1: Generic PKCS#15", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NoCard, Run(Personalised("First"), Personalised("Second"), "dump", "--app", "2").ExitCode);
    }

    [Fact]
    public void A_part_of_a_name_that_fits_several_applications_asks_for_the_number()
    {
        var found = new CardApplications(
        [
            new CardApplication("PIV", null!, "stub"),
            new CardApplication("PIV Extra", null!, "stub"),
        ], "two", []);
        var e = Assert.Throws<CliException>(() => ApplicationChoice.Pick(found, "pi", new ReaderInfo(0, Reader, true, [])));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal("PIV", ApplicationChoice.Pick(found, "piv", new ReaderInfo(0, Reader, true, [])).Name);
    }

    private static IsoAppletCard Personalised(string label)
    {
        var harness = new CliHarness(AppletVersion.V1).Initialised(label);
        return harness.Card;
    }

    private static CliResult Run(IsoAppletCard first, IsoAppletCard second, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            Readers = new TwoApplicationReader(first, second),
            Terminal = new FakeTerminal(null),
            Variables = _ => null,
            Drivers = TwoAppletTransport.DriverTable,
        };
        var code = CliApp.Run(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private sealed class TwoApplicationReader(IsoAppletCard first, IsoAppletCard second) : IReaderSource
    {
        public IReadOnlyList<ReaderInfo> List() => [new ReaderInfo(0, Reader, true, first.Atr)];

        public ICardTransport Connect(string readerName)
        {
            first.Reset();
            second.Reset();
            return new TwoAppletTransport(first, second, readerName);
        }
    }
}
