using System.Globalization;
using System.Security;
using System.Text;

namespace SharpSC.Benchmarks;

/// <summary>
/// The side-by-side chart: per card, APDUs and median wall time of workflows (a)–(e) for each module
/// and cache mode, on log scales (one signature and a hundred share an axis). Plain SVG, no tools.
/// </summary>
public static class SvgChart
{
    private const int PanelWidth = 470;
    private const int PanelHeight = 250;
    private const int Left = 56;
    private const int Top = 34;
    private const int Bottom = 40;
    private const int Gap = 20;

    private sealed record Series(string Module, CacheMode Mode, string Color, string Label);

    public static string Render(BenchResults r, IReadOnlyList<CardGeneration> cards)
    {
        var series = new List<Series>
        {
            new(Targets.Ours, CacheMode.Cold, "#1f4e9c", "SharpSC cold"),
            new(Targets.Ours, CacheMode.Warm, "#6f9fe0", "SharpSC warm"),
            new(Targets.OpenSc, CacheMode.Cold, "#c0561b", "OpenSC cold"),
            new(Targets.OpenSc, CacheMode.Warm, "#ef9a61", "OpenSC warm (no cache by default)"),
        };
        if (r.Modules.Contains("OpenSC+cache")) series.Add(new("OpenSC+cache", CacheMode.Warm, "#8c8c8c", "OpenSC warm, use_file_caching = public"));
        if (cards.Any(c => r.Measured(c, Targets.Ykcs11))) series.Add(new(Targets.Ykcs11, CacheMode.Cold, "#2e8b57", "ykcs11 (no cache)"));
        var workflows = Workflow.All.Where(w => w.Headline && cards.All(c => c.Workflows().Contains(w))).ToList();
        var width = 2 * (Left + PanelWidth) + Gap + 10;
        var height = 60 + cards.Count * (Top + PanelHeight + Bottom + Gap);

        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.AppendLine(F($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        var lx = Left;
        foreach (var s in series)
        {
            svg.AppendLine(F($"<rect x=\"{lx}\" y=\"12\" width=\"12\" height=\"12\" fill=\"{s.Color}\"/><text x=\"{lx + 16}\" y=\"22\">{Esc(s.Label)}</text>"));
            lx += 30 + s.Label.Length * 6;
        }
        var y = 50;
        foreach (var card in cards)
        {
            Panel(svg, r, card, series, workflows, Left, y, "APDUs", (c, m, w, mode) => r.Apdus(c, m, w, mode)?.Median, "0");
            Panel(svg, r, card, series, workflows, 2 * Left + PanelWidth + Gap, y, "median time, ms", (c, m, w, mode) => r.Time(c, m, w, mode)?.Median, "0.#");
            y += Top + PanelHeight + Bottom + Gap;
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, BenchResults r, CardGeneration card, List<Series> series, List<Workflow> workflows,
        int x0, int y0, string what, Func<CardGeneration, string, Workflow, CacheMode, double?> value, string format)
    {
        var values = workflows.SelectMany(w => series.Select(s => value(card, s.Module, w, s.Mode))).Where(v => v > 0).Select(v => v!.Value).ToList();
        var lo = values.Count == 0 ? 1 : Math.Pow(10, Math.Floor(Math.Log10(values.Min())));
        var hi = values.Count == 0 ? 10 : Math.Pow(10, Math.Ceiling(Math.Log10(values.Max() * 1.01)));
        var plotTop = y0 + Top;
        var baseY = plotTop + PanelHeight;
        double Y(double v) => baseY - (Math.Log10(v) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo)) * PanelHeight;

        svg.AppendLine(F($"<text x=\"{x0}\" y=\"{y0 + 16}\" font-size=\"13\" font-weight=\"bold\">{card.Name()} card: {Esc(what)} (log scale)</text>"));
        for (var d = lo; d <= hi * 1.0001; d *= 10)
        {
            var gy = Y(d);
            svg.AppendLine(F($"<line x1=\"{x0}\" y1=\"{gy:0.#}\" x2=\"{x0 + PanelWidth}\" y2=\"{gy:0.#}\" stroke=\"#dddddd\"/>"));
            svg.AppendLine(F($"<text x=\"{x0 - 6}\" y=\"{gy + 4:0.#}\" text-anchor=\"end\">{d.ToString("0.###", CultureInfo.InvariantCulture)}</text>"));
        }
        svg.AppendLine(F($"<line x1=\"{x0}\" y1=\"{baseY}\" x2=\"{x0 + PanelWidth}\" y2=\"{baseY}\" stroke=\"#333333\"/>"));

        var groupWidth = (double)PanelWidth / workflows.Count;
        var barWidth = (groupWidth - 14) / series.Count;
        for (var wi = 0; wi < workflows.Count; wi++)
        {
            var w = workflows[wi];
            var gx = x0 + wi * groupWidth + 7;
            for (var si = 0; si < series.Count; si++)
            {
                var s = series[si];
                var bx = gx + si * barWidth;
                var cx = bx + barWidth / 2;
                var v = value(card, s.Module, w, s.Mode);
                if (v is not > 0)
                {
                    var why = r.UnsupportedOn(card, s.Module, w) != null ? "fails" : "n/a";
                    svg.AppendLine(F($"<text x=\"{cx:0.#}\" y=\"{baseY - 4}\" font-size=\"9\" fill=\"#888888\" transform=\"rotate(-90 {cx:0.#} {baseY - 4})\">{why}</text>"));
                    continue;
                }
                var top = Math.Min(Y(v.Value), baseY - 1);
                svg.AppendLine(F($"<rect x=\"{bx + 1:0.#}\" y=\"{top:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{baseY - top:0.#}\" fill=\"{s.Color}\"><title>{Esc(s.Label)} ({w.Id}): {v.Value.ToString(format, CultureInfo.InvariantCulture)}</title></rect>"));
                svg.AppendLine(F($"<text x=\"{cx + 3:0.#}\" y=\"{top - 3:0.#}\" font-size=\"9\" transform=\"rotate(-90 {cx + 3:0.#} {top - 3:0.#})\">{v.Value.ToString(format, CultureInfo.InvariantCulture)}</text>"));
            }
            svg.AppendLine(F($"<text x=\"{x0 + (wi + 0.5) * groupWidth:0.#}\" y=\"{baseY + 16}\" text-anchor=\"middle\" font-weight=\"bold\">({w.Id})</text>"));
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Esc(string s) => SecurityElement.Escape(s);
}
