using System.Globalization;

namespace SharpSC.Benchmarks;

/// <summary>The one "P11BENCH key=value ..." line of benchmarks/native/p11bench.c.</summary>
public sealed class HostResult
{
    private readonly Dictionary<string, string> _values;

    private HostResult(Dictionary<string, string> values) => _values = values;

    /// <summary>The host's failure ("C_Login rv=0xa0", "dlopen ..."), null when the workflow ran.</summary>
    public string? Error => _values.TryGetValue("error", out var e) ? $"{e} rv={_values.GetValueOrDefault("rv", "?")}" : null;

    public long this[string key] => Get(key) ?? throw new KeyNotFoundException($"p11bench printed no {key}");

    /// <summary>The first signature of a sign workflow.</summary>
    public byte[]? Signature => _values.TryGetValue("sig", out var hex) ? Convert.FromHexString(hex) : null;

    public long? Get(string key) =>
        _values.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static HostResult Parse(string output)
    {
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("P11BENCH ", StringComparison.Ordinal))
            ?? throw new FormatException("p11bench printed no P11BENCH line:\n" + output);
        var values = new Dictionary<string, string>();
        foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) values[field[..eq]] = field[(eq + 1)..];
        }
        return new HostResult(values);
    }
}
