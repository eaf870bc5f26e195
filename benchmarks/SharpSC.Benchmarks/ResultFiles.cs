using System.Globalization;
using System.Text;

namespace SharpSC.Benchmarks;

/// <summary>Writes results.md, results.tsv (every sample) and chart.svg, and updates BENCHMARKS.md when asked.</summary>
public static class ResultFiles
{
    /// <summary>
    /// The IsoApplet and MyEID cards share chart.svg and the block between the bench markers; PIV and OpenPGP each
    /// have chart-CARD.svg and a block of their own, so a run of some cards leaves the others' sections as they were.
    /// </summary>
    public static IReadOnlyList<string> Write(BenchResults r)
    {
        var dir = Path.GetFullPath(r.Options.OutputDirectory);
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var results = new StringBuilder();
        var legacy = r.Cards.Where(c => !c.IsApplication()).ToList();
        if (legacy.Count > 0)
        {
            var link = Chart(r, legacy, "chart.svg", r.Options.Chart, written);
            results.AppendLine(MarkdownReport.Render(r, "chart.svg"));
            if (r.Options.Markdown != null)
            {
                MarkdownReport.UpdateFile(r.Options.Markdown, MarkdownReport.Render(r, link));
                written.Add(r.Options.Markdown);
            }
        }
        foreach (var card in r.Cards.Where(c => c.IsApplication()))
        {
            var name = $"chart-{card.Name()}.svg";
            var copy = r.Options.Chart == null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(r.Options.Chart))!, name);
            var link = Chart(r, [card], name, copy, written);
            results.AppendLine($"## {card.Name()}").AppendLine().AppendLine(MarkdownReport.RenderApplication(r, card, name));
            if (r.Options.Markdown != null)
            {
                MarkdownReport.UpdateFile(r.Options.Markdown, MarkdownReport.RenderApplication(r, card, link), MarkdownReport.BeginOf(card), MarkdownReport.EndOf(card));
                if (!written.Contains(r.Options.Markdown)) written.Add(r.Options.Markdown);
            }
        }

        var md = Path.Combine(dir, "results.md");
        File.WriteAllText(md, results.ToString());
        written.Add(md);
        var tsv = Path.Combine(dir, "results.tsv");
        File.WriteAllText(tsv, Tsv(r));
        written.Add(tsv);
        return written;

        string Chart(BenchResults run, IReadOnlyList<CardGeneration> cards, string name, string? copy, List<string> files)
        {
            var chart = Path.Combine(dir, name);
            File.WriteAllText(chart, SvgChart.Render(run, cards));
            files.Add(chart);
            if (copy == null) return chart;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(copy))!);
            File.Copy(chart, copy, overwrite: true);
            files.Add(copy);
            return r.Options.Markdown == null ? copy
                : Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(r.Options.Markdown))!, Path.GetFullPath(copy));
        }
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
