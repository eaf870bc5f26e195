namespace SharpSC.Benchmarks;

public enum CacheMode
{
    /// <summary>No cache: a fresh, empty cache directory for every run.</summary>
    Cold,

    /// <summary>A valid cache: the directory a previous run of the same workflow filled.</summary>
    Warm,
}

/// <summary>One measured host run: what the card saw and what the host timed.</summary>
public sealed record Sample(CardGeneration Card, string Module, Workflow Workflow, CacheMode Mode, int Repetition, CardTraffic Traffic, HostResult Host)
{
    /// <summary>dlopen to the end of the workflow (C_Finalize not included), in milliseconds.</summary>
    public double Milliseconds => Host["total_us"] / 1000.0;

    /// <summary>CPU time of the host process (all threads, C_Finalize included), in milliseconds.</summary>
    public double CpuMilliseconds => Host["cpu_us"] / 1000.0;

    /// <summary>Signatures per second over the signatures after the first (all threads together).</summary>
    public double? SignaturesPerSecond =>
        Host.Get("loop_sigs") is > 0 and var n && Host.Get("loop_us") is > 0 and var us ? n * 1e6 / us : null;
}

/// <summary>
/// A module that cannot run a workflow on a card (Workflow null: none at all), with what happened
/// when it was tried and the APDUs that attempt sent.
/// </summary>
public sealed record Unsupported(CardGeneration Card, string Module, Workflow? Workflow, string Reason, long Apdus);

/// <summary>One footprint run: the host's peak RSS with nothing, a trivial NativeAOT library, or a module loaded.</summary>
public sealed record FootprintSample(string What, string Workflow, long MaxRssKb, double Milliseconds);
