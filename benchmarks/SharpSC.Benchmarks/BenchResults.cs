namespace SharpSC.Benchmarks;

/// <summary>Everything one benchmark run measured, with the facts needed to reproduce it.</summary>
public sealed class BenchResults(BenchOptions options, RunInfo info)
{
    public BenchOptions Options { get; } = options;

    public RunInfo Info { get; } = info;

    public List<Sample> Samples { get; } = [];

    public List<Unsupported> Unsupported { get; } = [];

    public List<FootprintSample> Footprint { get; } = [];

    /// <summary>What the run could not do, said in the report.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Traced runs of our module: workflow and mode to the log file (SHARPSC_DEBUG=3).</summary>
    public List<(CardGeneration Card, Workflow Workflow, CacheMode Mode, string Path)> Traces { get; } = [];

    public IReadOnlyList<Sample> Of(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Samples.Where(s => s.Card == card && s.Module == module && s.Workflow == workflow && s.Mode == mode).ToList();

    public bool Measured(CardGeneration card, string module) => Samples.Any(s => s.Card == card && s.Module == module);

    /// <summary>Why the module does not run on the card at all (or, given a workflow, that workflow).</summary>
    public Unsupported? UnsupportedOn(CardGeneration card, string module, Workflow? workflow = null) =>
        Unsupported.FirstOrDefault(u => u.Card == card && u.Module == module && (u.Workflow == null || u.Workflow == workflow));

    public IEnumerable<CardGeneration> Cards => Samples.Select(s => s.Card).Distinct().Order();

    public IEnumerable<string> Modules => Samples.Select(s => s.Module).Distinct();

    public Spread? Apdus(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Spreads(card, module, workflow, mode, s => s.Traffic.Apdus);

    public Spread? Bytes(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Spreads(card, module, workflow, mode, s => s.Traffic.Bytes);

    public Spread? Time(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Spreads(card, module, workflow, mode, s => s.Milliseconds);

    public Spread? Cpu(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Spreads(card, module, workflow, mode, s => s.CpuMilliseconds);

    public Spread? Phase(CardGeneration card, string module, Workflow workflow, CacheMode mode, string key) =>
        Spreads(card, module, workflow, mode, s => s.Host[key] / 1000.0);

    public Spread? Rss(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Spreads(card, module, workflow, mode, s => s.Host["maxrss_kb"]);

    public Spread? Rate(CardGeneration card, string module, Workflow workflow, CacheMode mode) =>
        Spreads(card, module, workflow, mode, s => s.SignaturesPerSecond ?? double.NaN);

    /// <summary>Median of the per-repetition ratios a/b, each pair from the same repetition.</summary>
    public Spread? TimeRatio(CardGeneration card, string a, string b, Workflow workflow, CacheMode mode)
    {
        var ours = Of(card, a, workflow, mode).ToDictionary(s => s.Repetition);
        var theirs = Of(card, b, workflow, mode);
        var ratios = theirs.Where(t => ours.ContainsKey(t.Repetition)).Select(t => ours[t.Repetition].Milliseconds / t.Milliseconds).ToList();
        return ratios.Count == 0 ? null : Spread.Of(ratios);
    }

    private Spread? Spreads(CardGeneration card, string module, Workflow workflow, CacheMode mode, Func<Sample, double> value)
    {
        var values = Of(card, module, workflow, mode).Select(value).Where(v => !double.IsNaN(v)).ToList();
        return values.Count == 0 ? null : Spread.Of(values);
    }
}
