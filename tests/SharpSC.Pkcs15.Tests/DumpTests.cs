namespace SharpSC.Pkcs15.Tests;

public class DumpTests
{
    private static readonly IsoAppletFixture Fixture = IsoAppletFixture.Instance;

    private static string[] OurDumpLines()
    {
        var app = Pkcs15Loader.Load(Fixture.Read);
        return Pkcs15Dump.Format(app, Fixture.Read).Replace("\t", "    ", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void DumpMatchesOpenScDumpLineByLine()
    {
        var expected = Fixture.OpenScDump.ToArray();
        var actual = OurDumpLines();
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            Assert.True(expected[i] == actual[i], $"line {i + 1}: expected '{expected[i]}', got '{actual[i]}'");
        Assert.Equal(expected.Length, actual.Length);
    }
}
