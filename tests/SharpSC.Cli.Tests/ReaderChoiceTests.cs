using SharpSC.Cli.Connection;
using SharpSC.Cli.Errors;

namespace SharpSC.Cli.Tests;

public class ReaderChoiceTests
{
    private static readonly ReaderInfo[] Readers =
    [
        new(0, "Virtual PCD 00 00", false, []),
        new(1, "Virtual PCD 00 01", true, [0x3B]),
        new(2, "Other Reader", true, [0x3B]),
    ];

    [Fact]
    public void An_index_a_name_or_a_unique_part_of_a_name_picks_the_reader()
    {
        Assert.Equal(1, ReaderChoice.Pick(Readers, "1").Index);
        Assert.Equal(1, ReaderChoice.Pick(Readers, "Virtual PCD 00 01").Index);
        Assert.Equal(2, ReaderChoice.Pick(Readers, "other").Index);
        Assert.Equal(1, ReaderChoice.Pick(Readers, null).Index);
    }

    [Fact]
    public void Each_way_of_not_finding_a_card_says_which()
    {
        Assert.Equal("no card in reader 0 (Virtual PCD 00 00)", Fail("0").Message);
        Assert.StartsWith("there is no reader 7", Fail("7").Message, StringComparison.Ordinal);
        Assert.StartsWith("no reader named 'nothing'", Fail("nothing").Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, Fail("Virtual").ExitCode);
        Assert.Equal("no card in any reader (0: Virtual PCD 00 00 (empty))", Assert.Throws<CliException>(() => ReaderChoice.Pick([Readers[0]], null)).Message);
        Assert.Equal("no smart card reader found", Assert.Throws<CliException>(() => ReaderChoice.Pick([], null)).Message);
    }

    private static CliException Fail(string wanted) => Assert.Throws<CliException>(() => ReaderChoice.Pick(Readers, wanted));
}
