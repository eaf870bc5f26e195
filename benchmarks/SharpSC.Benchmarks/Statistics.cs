namespace SharpSC.Benchmarks;

/// <summary>Median and range of repeated measurements.</summary>
public readonly record struct Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new InvalidOperationException("no values");
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    public static Spread Of(IEnumerable<long> values) => Of(values.Select(v => (double)v));

    public bool Constant => Min == Max;
}
