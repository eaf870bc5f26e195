using System.Globalization;

namespace SharpSC.Benchmarks;

/// <summary>The command line of sharpsc-bench.</summary>
public sealed record BenchOptions
{
    public int Repetitions { get; init; } = 7;

    /// <summary>One repetition on one card, no footprint build: keeps the harness working in the tests.</summary>
    public bool Smoke { get; init; }

    public IReadOnlyList<CardGeneration> Cards { get; init; } = Enum.GetValues<CardGeneration>();

    /// <summary>vpcd port of the card (35963 = "Virtual PCD 00 00", the token reader of the tests).</summary>
    public int Port { get; init; } = 35963;

    /// <summary>
    /// vpcd port of the PIV card (35965 = "Yubico YubiKey vpcd 00 00", /etc/reader.conf.d/sharpsc-yubico-vpcd):
    /// ykcs11 makes slots only for readers whose names start with "Yubico".
    /// </summary>
    public int PivPort { get; init; } = 35965;

    /// <summary>Where the host binary, traces, results.md, results.tsv and chart.svg go.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "bench");

    /// <summary>When set, the tables between the bench markers of this file are replaced (BENCHMARKS.md).</summary>
    public string? Markdown { get; init; }

    /// <summary>When set, the chart is also copied here (the one BENCHMARKS.md links).</summary>
    public string? Chart { get; init; }

    /// <summary>The sharpsc CLI that personalises the v1 card (default artifacts/bin/sharpsc).</summary>
    public string? Cli { get; init; }

    /// <summary>Personalise the v0 card with our CLI instead of OpenSC's pkcs15-init (the v1 card's layout).</summary>
    public bool V0BySharpSc { get; init; }

    /// <summary>Also measure OpenSC with its own file cache (use_file_caching = public).</summary>
    public bool OpenScCache { get; init; } = true;

    /// <summary>One extra traced run of our module per workflow (SHARPSC_DEBUG=3), kept under traces/.</summary>
    public bool Trace { get; init; } = true;

    public const string Usage = """
        usage: sharpsc-bench [--reps N] [--smoke] [--cards v0,v1,myeid,piv,openpgp] [--port P] [--piv-port P] [--out DIR]
                             [--markdown FILE] [--chart FILE] [--cli PATH] [--v0-by-sharpsc] [--no-opensc-cache] [--no-trace]
          --reps N          repetitions of every measured run (default 7)
          --smoke           1 repetition, v0 only (unless --cards follows), no footprint library, no traces (for the tests)
          --cards LIST      any of v0, v1, myeid, piv, openpgp (default all); BENCHMARKS.md keeps the sections of the others
          --port P          vpcd port of the virtual card (default 35963, "Virtual PCD 00 00")
          --piv-port P      vpcd port of the PIV card, a Yubico-named reader for ykcs11 (default 35965)
          --out DIR         results directory (default artifacts/bench)
          --markdown FILE   replace the tables between <!-- bench:begin --> and <!-- bench:end --> in FILE
          --chart FILE      copy chart.svg there as well
          --cli PATH        the sharpsc CLI that personalises the v1 card (default artifacts/bin/sharpsc)
          --v0-by-sharpsc   personalise v0 with the sharpsc CLI too (same layout as v1) instead of pkcs15-init
          --no-opensc-cache do not measure OpenSC with use_file_caching = public
          --no-trace        no traced runs (SHARPSC_DEBUG=3) of our module
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--reps" => o with { Repetitions = PositiveInt(Value(), "--reps") },
                "--smoke" => o with { Smoke = true, Repetitions = 1, Cards = [CardGeneration.V0], OpenScCache = false, Trace = false },
                "--cards" => o with { Cards = Value().Split(',').Select(ParseCard).ToArray() },
                "--port" => o with { Port = PositiveInt(Value(), "--port") },
                "--piv-port" => o with { PivPort = PositiveInt(Value(), "--piv-port") },
                "--out" => o with { OutputDirectory = Value() },
                "--markdown" => o with { Markdown = Value() },
                "--chart" => o with { Chart = Value() },
                "--no-opensc-cache" => o with { OpenScCache = false },
                "--no-trace" => o with { Trace = false },
                "--cli" => o with { Cli = Value() },
                "--v0-by-sharpsc" => o with { V0BySharpSc = true },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        return o;
    }

    private static int PositiveInt(string s, string option) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} takes a positive number, not '{s}'");

    private static CardGeneration ParseCard(string s) => s.Trim().ToLowerInvariant() switch
    {
        "v0" => CardGeneration.V0,
        "v1" => CardGeneration.V1,
        "myeid" => CardGeneration.MyEid,
        "piv" => CardGeneration.Piv,
        "openpgp" => CardGeneration.OpenPgp,
        _ => throw new ArgumentException($"--cards takes v0, v1, myeid, piv and/or openpgp, not '{s}'"),
    };
}
