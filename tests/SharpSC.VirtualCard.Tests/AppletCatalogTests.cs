using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Tests;

/// <summary>The applet catalog: --applet lists, and every row's promises (each family's row is checked here too).</summary>
public class AppletCatalogTests
{
    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var k in AppletCatalog.All) data.Add(k.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryRow_CreatesItsApplet_RestoresIt_AndGivesACardThatSelectsIt(string name)
    {
        var row = AppletCatalog.Find(name)!;
        Assert.False(string.IsNullOrWhiteSpace(row.Title));
        Assert.False(string.IsNullOrWhiteSpace(row.Description));
        Assert.InRange(row.Aid.Length, 5, 16);
        var environment = new AppletEnvironment(new ChangeTracker(), FileSystem.MemoryBudget.DefaultCapacity, _ => { });
        var blank = row.CreateBlank(environment);
        Assert.Equal(row.Name, blank.Kind);
        // The row's AID, or its fixed start where each card's AID carries its own serial number (OpenPGP).
        Assert.True(blank.Aid.AsSpan().StartsWith(row.Aid), $"{Hex.Format(blank.Aid)} does not start with {Hex.Format(row.Aid)}");
        var saved = blank.SaveState();
        var restored = row.Restore(saved, environment);
        Assert.Equal(row.Name, restored.Kind);
        Assert.Equal(saved, restored.SaveState());

        var card = EmulatedCard.Create(name);
        Assert.Equal(row.DefaultAtr, card.Atr);
        Assert.Equal([name], card.Applets);
        var answer = card.Process([0x00, 0xA4, 0x04, 0x00, (byte)row.Aid.Length, .. row.Aid, 0x00]);
        Assert.True(answer[^2] is 0x90 or 0x61, $"SELECT {Hex.Format(row.Aid)} answered {Hex.Format(answer)}");
    }

    [Theory]
    [InlineData("v1", "v1")]
    [InlineData(" V0 ", "v0")]
    public void ParseList_TakesNamesCaseInsensitively(string list, string expected)
    {
        Assert.Equal(expected, AppletCatalog.Format(AppletCatalog.ParseList(list).Select(k => k.Name)));
    }

    [Theory]
    [InlineData("", "empty applet name")]
    [InlineData("v1,", "empty applet name in 'v1,'")]
    [InlineData("v1,,v0", "empty applet name")]
    [InlineData("nope", "unknown applet 'nope' (known: v0, v1")]
    [InlineData("v1,v1", "'v1' is listed twice")]
    [InlineData("v0,v1", "v0 and v1 cannot share a card: both are the applet with AID F276A288BCFBA69D34F31001")]
    public void ParseList_SaysWhatIsWrong(string list, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => AppletCatalog.ParseList(list));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACompositeCard_TakesTheAtrOfItsFirstApplet_UnlessOneIsGiven()
    {
        var betaFirst = new EmulatedCard(EmulatedCard.Blank([ProbeKinds.Beta, ProbeKinds.Alpha], null, null));
        Assert.Equal(ProbeKinds.Beta.DefaultAtr, betaFirst.Atr);
        Assert.Equal("beta + alpha", betaFirst.Title); // titles come from the real catalog
        var alphaFirst = new EmulatedCard(EmulatedCard.Blank([ProbeKinds.Alpha, ProbeKinds.Beta], null, null));
        Assert.Equal(ProbeKinds.Alpha.DefaultAtr, alphaFirst.Atr);
        byte[] given = [0x3B, 0x02, 0x14, 0x50];
        Assert.Equal(given, new EmulatedCard(EmulatedCard.Blank([ProbeKinds.Beta], new EmulatedCardOptions { Atr = given }, null)).Atr);
        Assert.Equal(CardAtr.Default, EmulatedCard.Create("v0").Atr);
    }
}
