using System.Globalization;

namespace SharpSC.Benchmarks;

/// <summary>One target of issue 8 with its measured value; Met is null when it could not be measured.</summary>
public sealed record TargetResult(string Target, string Measured, bool? Met);

/// <summary>The targets of issue 8 (and issue 15 for MyEID), judged on the medians of a benchmark run.</summary>
public static class Targets
{
    public const string Ours = "SharpSC";
    public const string OpenSc = "OpenSC";
    public const string Ykcs11 = "ykcs11";

    public static IReadOnlyList<TargetResult> Evaluate(BenchResults r)
    {
        var list = new List<TargetResult>();
        foreach (var card in r.Cards.Where(c => !c.IsApplication()))
        {
            var v = card.Name();
            list.Add(ColdApdus(r, card, Workflow.Info, 4));
            list.Add(ColdApdus(r, card, Workflow.Objects, 24));
            list.Add(ColdApdus(r, card, Workflow.SignRsa, 16));
            if (card == CardGeneration.V1)
                foreach (var w in new[] { Workflow.Info, Workflow.Objects, Workflow.SignRsa })
                    list.Add(FewerThanV0(r, w));
            list.Add(Apdus(r, card, Workflow.Objects, CacheMode.Warm, 4, $"{v} warm (b) ≤ 4 APDUs"));
            list.Add(Apdus(r, card, Workflow.SignRsa, CacheMode.Warm, 7, $"{v} warm (c) ≤ 7 APDUs"));
            foreach (var (one, hundred) in new[] { (Workflow.SignRsa, Workflow.HundredRsa), (Workflow.SignEc, Workflow.HundredEc) })
                foreach (var mode in new[] { CacheMode.Cold, CacheMode.Warm })
                    list.Add(FurtherSignature(r, card, one, hundred, mode));
            foreach (var w in new[] { Workflow.Info, Workflow.Objects, Workflow.InfoSlowCard, Workflow.ObjectsSlowCard })
                foreach (var mode in new[] { CacheMode.Cold, CacheMode.Warm })
                    list.Add(HalfTheTime(r, card, w, mode));
            list.Add(Rss(r, card));
            list.Add(RssEveryWorkflow(r, card));
        }
        return list;
    }

    private static TargetResult ColdApdus(BenchResults r, CardGeneration card, Workflow w, int limit)
    {
        // Issue 8 asks IsoApplet for under half of OpenSC's APDUs, issue 15 MyEID for under a third.
        var share = card == CardGeneration.MyEid ? 3 : 2;
        var target = $"{card.Name()} cold ({w.Id}) ≤ {limit} APDUs and under {(share == 3 ? "a third" : "half")} of OpenSC's";
        var ours = r.Apdus(card, Ours, w, CacheMode.Cold);
        var theirs = r.Apdus(card, OpenSc, w, CacheMode.Cold);
        if (ours == null) return new(target, "not measured", null);
        if (theirs == null)
            return new(target, $"{N(ours.Value.Median)}; OpenSC: {r.UnsupportedOn(card, OpenSc, w)?.Reason ?? "not measured"}", ours.Value.Median <= limit ? null : false);
        var met = ours.Value.Median <= limit && ours.Value.Median * share < theirs.Value.Median;
        return new(target, $"{N(ours.Value.Median)} vs OpenSC {N(theirs.Value.Median)}", met);
    }

    private static TargetResult FewerThanV0(BenchResults r, Workflow w)
    {
        var target = $"v1 cold ({w.Id}) {(w == Workflow.Objects ? "fewer APDUs than" : "no more APDUs than")} v0 (extended reads)";
        var v1 = r.Apdus(CardGeneration.V1, Ours, w, CacheMode.Cold);
        var v0 = r.Apdus(CardGeneration.V0, Ours, w, CacheMode.Cold);
        if (v1 == null || v0 == null) return new(target, v1 == null ? "not measured" : $"{N(v1.Value.Median)} (v0 not measured)", null);
        var met = w == Workflow.Objects ? v1.Value.Median < v0.Value.Median : v1.Value.Median <= v0.Value.Median;
        return new(target, $"{N(v1.Value.Median)} vs v0 {N(v0.Value.Median)}", met);
    }

    private static TargetResult Apdus(BenchResults r, CardGeneration card, Workflow w, CacheMode mode, int limit, string target)
    {
        var ours = r.Apdus(card, Ours, w, mode);
        return ours == null ? new(target, "not measured", null) : new(target, N(ours.Value.Median), ours.Value.Median <= limit);
    }

    /// <summary>(APDUs of 100 signatures − APDUs of 1) / 99: what each further signature in a session costs.</summary>
    public static double? PerFurtherSignature(BenchResults r, CardGeneration card, Workflow one, Workflow hundred, CacheMode mode, string module = Ours)
    {
        var a = r.Apdus(card, module, one, mode);
        var b = r.Apdus(card, module, hundred, mode);
        return a == null || b == null ? null : (b.Value.Median - a.Value.Median) / (hundred.Signatures - one.Signatures);
    }

    private static TargetResult FurtherSignature(BenchResults r, CardGeneration card, Workflow one, Workflow hundred, CacheMode mode)
    {
        var target = $"{card.Name()} {mode.ToString().ToLowerInvariant()} each further {(one.Key == "rsa" ? "RSA" : "ECDSA")} signature in a session ≤ 2 APDUs";
        var per = PerFurtherSignature(r, card, one, hundred, mode);
        return per == null ? new(target, "not measured", null) : new(target, per.Value.ToString("0.##", CultureInfo.InvariantCulture), per <= 2);
    }

    private static TargetResult HalfTheTime(BenchResults r, CardGeneration card, Workflow w, CacheMode mode)
    {
        var target = $"{card.Name()} {mode.ToString().ToLowerInvariant()} ({w.Id}) latency ≤ ½ OpenSC's (median of same-run ratios)";
        if (r.UnsupportedOn(card, OpenSc, w) is { } u) return new(target, "OpenSC: " + u.Reason, null);
        var ratio = r.TimeRatio(card, Ours, OpenSc, w, mode);
        return ratio == null ? new(target, "not measured", null)
            : new(target, $"ours/OpenSC = {ratio.Value.Median.ToString("0.00", CultureInfo.InvariantCulture)}", ratio.Value.Median <= 0.5);
    }

    private static TargetResult Rss(BenchResults r, CardGeneration card)
    {
        var target = $"{card.Name()} peak RSS of (a) within 2× OpenSC's";
        if (r.UnsupportedOn(card, OpenSc) != null) return new(target, "OpenSC 0.23 does not support this card", null);
        var ours = r.Rss(card, Ours, Workflow.Info, CacheMode.Cold);
        var theirs = r.Rss(card, OpenSc, Workflow.Info, CacheMode.Cold);
        if (ours == null || theirs == null) return new(target, "not measured", null);
        return new(target, $"{Mib(ours.Value.Median)} vs OpenSC {Mib(theirs.Value.Median)} ({(ours.Value.Median / theirs.Value.Median).ToString("0.00", CultureInfo.InvariantCulture)}×)",
            ours.Value.Median <= 2 * theirs.Value.Median);
    }

    /// <summary>Issue 16: no workflow makes the host bigger than OpenSC's module does on the same card (cold runs).</summary>
    public static TargetResult RssEveryWorkflow(BenchResults r, CardGeneration card)
    {
        var target = $"{card.Name()} peak RSS of every workflow ≤ OpenSC's";
        var pairs = card.Workflows()
            .Where(w => r.UnsupportedOn(card, OpenSc, w) == null)
            .Select(w => (w, Ours: r.Rss(card, Ours, w, CacheMode.Cold), Theirs: r.Rss(card, OpenSc, w, CacheMode.Cold)))
            .Where(p => p.Ours != null && p.Theirs != null)
            .Select(p => (p.w, Ours: p.Ours!.Value.Median, Theirs: p.Theirs!.Value.Median))
            .ToList();
        if (pairs.Count == 0) return new(target, "not measured", null);
        var worst = pairs.MaxBy(p => p.Ours / p.Theirs);
        return new(target, $"largest ({worst.w.Id}): {Mib(worst.Ours)} vs OpenSC {Mib(worst.Theirs)} ({(worst.Ours / worst.Theirs).ToString("0.00", CultureInfo.InvariantCulture)}×), {pairs.Count} workflows",
            pairs.All(p => p.Ours <= p.Theirs));
    }

    public static string N(double v) => v.ToString(v == Math.Floor(v) ? "0" : "0.#", CultureInfo.InvariantCulture);

    public static string Mib(double kb) => (kb / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
