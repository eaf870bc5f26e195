namespace SharpSC.Benchmarks;

/// <summary>
/// The targets of issue 13 (PIV: cold APDUs at most half of the better of OpenSC and ykcs11, warm fewer still, peak RSS
/// no more than OpenSC's) and issue 14 (OpenPGP: cold APDU ceilings), judged on the medians of a run.
/// </summary>
public static class ApplicationTargets
{
    private static readonly (Workflow Workflow, int Piv, int OpenPgp)[] ColdLimits =
        [(Workflow.Info, 3, 3), (Workflow.Objects, 16, 8), (Workflow.SignRsa, 10, 8)];

    public static IReadOnlyList<TargetResult> Evaluate(BenchResults r, CardGeneration card)
    {
        var list = new List<TargetResult>();
        foreach (var (w, piv, openPgp) in ColdLimits)
            list.Add(card == CardGeneration.Piv ? HalfOfTheBetter(r, w, piv) : Ceiling(r, card, w, openPgp));
        if (card == CardGeneration.Piv)
            foreach (var (w, _, _) in ColdLimits)
                list.Add(WarmFewer(r, card, w));
        list.Add(Targets.RssEveryWorkflow(r, card));
        return list;
    }

    private static TargetResult Ceiling(BenchResults r, CardGeneration card, Workflow w, int limit)
    {
        var target = $"{card.Name()} cold ({w.Id}) ≤ {limit} APDUs";
        var ours = r.Apdus(card, Targets.Ours, w, CacheMode.Cold);
        if (ours == null) return new(target, "not measured", null);
        var theirs = r.Apdus(card, Targets.OpenSc, w, CacheMode.Cold) is { } o ? $" (OpenSC {Targets.N(o.Median)})" : "";
        return new(target, Targets.N(ours.Value.Median) + theirs, ours.Value.Median <= limit);
    }

    private static TargetResult HalfOfTheBetter(BenchResults r, Workflow w, int limit)
    {
        var card = CardGeneration.Piv;
        var target = $"piv cold ({w.Id}) ≤ {limit} APDUs and at most half of the better of OpenSC and ykcs11";
        var ours = r.Apdus(card, Targets.Ours, w, CacheMode.Cold);
        if (ours == null) return new(target, "not measured", null);
        var others = new[] { Targets.OpenSc, Targets.Ykcs11 }
            .Select(m => (Module: m, Apdus: r.Apdus(card, m, w, CacheMode.Cold)))
            .Where(o => o.Apdus != null)
            .Select(o => (o.Module, Apdus: o.Apdus!.Value.Median))
            .ToList();
        if (others.Count == 0) return new(target, $"{Targets.N(ours.Value.Median)}; neither OpenSC nor ykcs11 measured", ours.Value.Median <= limit ? null : false);
        var best = others.MinBy(o => o.Apdus);
        var met = ours.Value.Median <= limit && 2 * ours.Value.Median <= best.Apdus;
        return new(target, $"{Targets.N(ours.Value.Median)} vs {string.Join(", ", others.Select(o => $"{o.Module} {Targets.N(o.Apdus)}"))}", met);
    }

    private static TargetResult WarmFewer(BenchResults r, CardGeneration card, Workflow w)
    {
        var target = $"{card.Name()} warm ({w.Id}) fewer APDUs than cold";
        var cold = r.Apdus(card, Targets.Ours, w, CacheMode.Cold);
        var warm = r.Apdus(card, Targets.Ours, w, CacheMode.Warm);
        if (cold == null || warm == null) return new(target, "not measured", null);
        return new(target, $"{Targets.N(warm.Value.Median)} vs cold {Targets.N(cold.Value.Median)}", warm.Value.Median < cold.Value.Median);
    }
}
