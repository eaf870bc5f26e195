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
