using System.Globalization;
using System.Text;

namespace SharpSC.Benchmarks;

/// <summary>Writes results.md, results.tsv (every sample) and chart.svg, and updates BENCHMARKS.md when asked.</summary>
public static class ResultFiles
{
    public static IReadOnlyList<string> Write(BenchResults r)
    {
        var dir = Path.GetFullPath(r.Options.OutputDirectory);
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var chart = Path.Combine(dir, "chart.svg");
        File.WriteAllText(chart, SvgChart.Render(r));
        written.Add(chart);
        if (r.Options.Chart != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(r.Options.Chart))!);
            File.Copy(chart, r.Options.Chart, overwrite: true);
            written.Add(r.Options.Chart);
        }

        var md = Path.Combine(dir, "results.md");
        File.WriteAllText(md, MarkdownReport.Render(r, "chart.svg"));
        written.Add(md);
        if (r.Options.Markdown != null)
        {
            var link = r.Options.Chart == null ? chart
                : Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(r.Options.Markdown))!, Path.GetFullPath(r.Options.Chart));
            MarkdownReport.UpdateFile(r.Options.Markdown, MarkdownReport.Render(r, link));
            written.Add(r.Options.Markdown);
        }

        var tsv = Path.Combine(dir, "results.tsv");
        File.WriteAllText(tsv, Tsv(r));
        written.Add(tsv);
        return written;
    }

    private static string Tsv(BenchResults r)
    {
        var sb = new StringBuilder("card\tmodule\tworkflow\tcache\trep\tapdus\tbytes_in\tbytes_out\ttotal_us\tfirst_token_info_us\tloop_sigs\tloop_us\tcpu_us\tmaxrss_kb\n");
        foreach (var s in r.Samples)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{s.Card.Name()}\t{s.Module}\t{s.Workflow.Id}\t{s.Mode.ToString().ToLowerInvariant()}\t{s.Repetition}\t{s.Traffic.Apdus}\t{s.Traffic.BytesIn}\t{s.Traffic.BytesOut}\t");
            sb.Append(CultureInfo.InvariantCulture,
                $"{s.Host["total_us"]}\t{s.Host.Get("first_token_info_us")}\t{s.Host.Get("loop_sigs")}\t{s.Host.Get("loop_us")}\t{s.Host["cpu_us"]}\t{s.Host["maxrss_kb"]}\n");
        }
        return sb.ToString();
    }
}
