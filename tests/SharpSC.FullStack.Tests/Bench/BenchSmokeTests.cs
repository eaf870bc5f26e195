using System.Xml.Linq;
using SharpSC.Benchmarks;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Bench;

/// <summary>
/// The benchmark harness in smoke mode (one repetition, the v0 card, our module and OpenSC): it keeps
/// working, and our APDU counts, which are deterministic, do not regress. No timing is asserted.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class BenchSmokeTests
{
    [Fact]
    public void Smoke_run_measures_every_workflow_and_our_APDU_counts_hold()
    {
        using var output = new TempDir("sharpsc-bench-smoke");
        var markdown = Path.Combine(output.Path, "BENCHMARKS.md");
        File.WriteAllText(markdown, $"# Benchmarks\n\nhand-written prose\n\n{MarkdownReport.Begin}\nold tables\n{MarkdownReport.End}\n\nmore prose\n");
        string[] args = ["--smoke", "--port", TokenReader.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output.Path,
            "--markdown", markdown, "--chart", Path.Combine(output.Path, "docs", "chart.svg")];
        var options = BenchOptions.Parse(args);
        var results = new BenchRun(options, TextWriter.Null).Execute(args);
        ResultFiles.Write(results);

        foreach (var module in new[] { Targets.Ours, Targets.OpenSc })
            foreach (var workflow in Workflow.All)
                foreach (var mode in new[] { CacheMode.Cold, CacheMode.Warm })
                    Assert.Single(results.Of(CardGeneration.V0, module, workflow, mode));

        var v0 = CardGeneration.V0;
        AssertAtMost(4, results.Apdus(v0, Targets.Ours, Workflow.Info, CacheMode.Cold), "(a) cold");
        AssertAtMost(24, results.Apdus(v0, Targets.Ours, Workflow.Objects, CacheMode.Cold), "(b) cold");
        AssertAtMost(16, results.Apdus(v0, Targets.Ours, Workflow.SignRsa, CacheMode.Cold), "(c) cold");
        AssertAtMost(4, results.Apdus(v0, Targets.Ours, Workflow.Objects, CacheMode.Warm), "(b) warm");
        // 7 is the target; the 8th APDU is the SELECT at logout that clears the card's PIN state (BENCHMARKS.md).
        AssertAtMost(8, results.Apdus(v0, Targets.Ours, Workflow.SignRsa, CacheMode.Warm), "(c) warm");
        foreach (var mode in new[] { CacheMode.Cold, CacheMode.Warm })
        {
            Assert.True(Targets.PerFurtherSignature(results, v0, Workflow.SignRsa, Workflow.HundredRsa, mode) <= 2, $"RSA signatures, {mode}");
            Assert.True(Targets.PerFurtherSignature(results, v0, Workflow.SignEc, Workflow.HundredEc, mode) <= 2, $"ECDSA signatures, {mode}");
        }

        // Issue 16: the module's GC settings are baked in, so no workflow (4 threads signing included) grows
        // the host beyond what OpenSC's module does.
        foreach (var workflow in Workflow.All.Where(w => results.UnsupportedOn(v0, Targets.OpenSc, w) == null))
        {
            var ours = results.Rss(v0, Targets.Ours, workflow, CacheMode.Cold)!.Value.Median;
            var theirs = results.Rss(v0, Targets.OpenSc, workflow, CacheMode.Cold)!.Value.Median;
            Assert.True(ours <= theirs, $"({workflow.Id}) peak RSS {Targets.Mib(ours)}, OpenSC {Targets.Mib(theirs)}");
        }

        var sample = results.Of(v0, Targets.Ours, Workflow.Objects, CacheMode.Cold).Single();
        Assert.Equal(2, sample.Host["certs"]);
        Assert.True(sample.Host["cert_bytes"] > 500, "both certificates were read");
        Assert.Equal(100, results.Of(v0, Targets.Ours, Workflow.ThreadsRsa, CacheMode.Warm).Single().Host["loop_sigs"]);

        var text = File.ReadAllText(markdown);
        Assert.StartsWith("# Benchmarks\n\nhand-written prose", text, StringComparison.Ordinal);
        Assert.EndsWith("more prose\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("old tables", text, StringComparison.Ordinal);
        Assert.Contains("(docs/chart.svg)", text, StringComparison.Ordinal);
        Assert.Contains("| v0 cold (a) ≤ 4 APDUs and under half of OpenSC's |", text, StringComparison.Ordinal);
        var svg = XDocument.Load(Path.Combine(output.Path, "docs", "chart.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "rect" && e.Elements().Any(t => t.Name.LocalName == "title"));
        Assert.Equal(1 + results.Samples.Count, File.ReadAllLines(Path.Combine(output.Path, "results.tsv")).Length);
    }

    private static void AssertAtMost(int limit, Spread? apdus, string what)
    {
        Assert.NotNull(apdus);
        Assert.True(apdus.Value.Median <= limit, $"{what}: {apdus.Value.Median} APDUs, at most {limit} expected");
    }
}
