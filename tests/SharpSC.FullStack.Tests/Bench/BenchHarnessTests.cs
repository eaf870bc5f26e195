using SharpSC.Benchmarks;

namespace SharpSC.FullStack.Tests.Bench;

/// <summary>The harness's own parsing and arithmetic, without a card.</summary>
public sealed class BenchHarnessTests
{
    [Fact]
    public void Host_line_is_parsed_and_a_failure_is_reported_with_its_return_value()
    {
        var ok = HostResult.Parse("noise\nP11BENCH workflow=info load_us=12 total_us=345 maxrss_kb=6000\n");
        Assert.Null(ok.Error);
        Assert.Equal(345, ok["total_us"]);
        Assert.Null(ok.Get("loop_us"));
        var failed = HostResult.Parse("P11BENCH error=C_Login rv=0xa0\n");
        Assert.Equal("C_Login rv=0xa0", failed.Error);
        Assert.Throws<FormatException>(() => HostResult.Parse("Segmentation fault\n"));
    }

    [Fact]
    public void Spread_takes_the_median_of_odd_and_even_counts()
    {
        Assert.Equal(new Spread(3, 1, 9), Spread.Of(new long[] { 9, 1, 3 }));
        Assert.Equal(new Spread(2.5, 1, 9), Spread.Of(new long[] { 9, 1, 2, 3 }));
        Assert.True(Spread.Of(new long[] { 4, 4 }).Constant);
    }

    [Fact]
    public void Options_reject_unknown_flags_and_smoke_means_one_repetition_on_v0()
    {
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--fast"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--reps", "0"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--cards", "v2"]));
        var smoke = BenchOptions.Parse(["--smoke"]);
        Assert.Equal(1, smoke.Repetitions);
        Assert.Equal([CardGeneration.V0], smoke.Cards);
        Assert.Equal([CardGeneration.Piv, CardGeneration.OpenPgp], BenchOptions.Parse(["--smoke", "--cards", "piv,openpgp"]).Cards);
        Assert.Equal(Enum.GetValues<CardGeneration>(), BenchOptions.Parse([]).Cards);
    }

    [Fact]
    public void Application_cards_run_workflows_a_to_c_and_sign_with_the_key_of_CKA_ID_01()
    {
        foreach (var card in new[] { CardGeneration.Piv, CardGeneration.OpenPgp })
        {
            Assert.Equal([Workflow.Info, Workflow.Objects, Workflow.SignRsa], card.Workflows());
            var args = Workflow.SignRsa.HostArguments(card, "r", "123456");
            Assert.Equal("01", args[args.ToList().IndexOf("--id") + 1]);
        }
        Assert.DoesNotContain("--id", Workflow.SignRsa.HostArguments(CardGeneration.V1, "r", "123456"));
    }

    [Fact]
    public void A_card_section_is_replaced_and_the_other_cards_sections_stay()
    {
        var path = Path.GetTempFileName();
        try
        {
            var piv = CardGeneration.Piv;
            File.WriteAllText(path, $"# B\n\n{MarkdownReport.Begin}\nisoapplet tables\n{MarkdownReport.End}\n\n{MarkdownReport.BeginOf(piv)}\nold piv\n{MarkdownReport.EndOf(piv)}\nprose\n");
            MarkdownReport.UpdateFile(path, "new piv\n", MarkdownReport.BeginOf(piv), MarkdownReport.EndOf(piv));
            MarkdownReport.UpdateFile(path, "openpgp\n", MarkdownReport.BeginOf(CardGeneration.OpenPgp), MarkdownReport.EndOf(CardGeneration.OpenPgp));
            var text = File.ReadAllText(path);
            Assert.Equal($"# B\n\n{MarkdownReport.Begin}\nisoapplet tables\n{MarkdownReport.End}\n\n{MarkdownReport.BeginOf(piv)}\nnew piv\n{MarkdownReport.EndOf(piv)}\nprose\n\n"
                + $"{MarkdownReport.BeginOf(CardGeneration.OpenPgp)}\nopenpgp\n{MarkdownReport.EndOf(CardGeneration.OpenPgp)}\n", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Generated_block_is_appended_when_the_file_has_no_markers()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# Benchmarks\n");
            MarkdownReport.UpdateFile(path, "table 1\n");
            MarkdownReport.UpdateFile(path, "table 2\n");
            var text = File.ReadAllText(path);
            Assert.Equal($"# Benchmarks\n\n{MarkdownReport.Begin}\ntable 2\n{MarkdownReport.End}\n", text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
