using System.Diagnostics;
using SharpSC.Fuzz.Targets;
using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.Fuzz.Tests;

/// <summary>
/// The fuzz harnesses inside the ordinary test run: every seed (real card dumps and transcripts) and every
/// input that ever crashed a harness (tests/fuzz/regressions/TARGET/, one file per finding, named after
/// the bug) must run clean, and a few thousand deterministic mutations of the seeds per target too.
/// The long coverage-guided runs are <c>./build.sh fuzz [seconds]</c> (AFL++ with SharpFuzz).
/// </summary>
public sealed class FuzzCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MutationBudget = TimeSpan.FromSeconds(20);
    private const int Mutations = 3000;

    public static TheoryData<string> Targets() => [.. FuzzTarget.All.Select(t => t.Name)];

    public static string RegressionDirectory(string target) => Path.Combine(RepoPaths.Root, "tests", "fuzz", "regressions", target);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Seeds_and_every_crash_found_so_far_run_clean(string name)
    {
        var target = FuzzTarget.Named(name);
        var inputs = target.Seeds().Select((s, i) => ($"seed {i}", s)).ToList();
        var regressions = RegressionDirectory(name);
        if (Directory.Exists(regressions))
            inputs.AddRange(Directory.GetFiles(regressions).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
        Assert.NotEmpty(inputs);
        foreach (var (label, input) in inputs)
        {
            var e = Record.Exception(() => target.Run(input));
            Assert.True(e == null, $"{name} {label}: {e}");
        }
        output.WriteLine($"{inputs.Count} inputs");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Thousands_of_mutated_seeds_run_clean(string name)
    {
        var target = FuzzTarget.Named(name);
        var seeds = target.Seeds().Where(s => s.Length > 0).ToArray();
        var random = new Random(0x5C5C ^ name.Length);
        var clock = Stopwatch.StartNew();
        var runs = 0;
        for (; runs < Mutations && clock.Elapsed < MutationBudget; runs++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], seeds[random.Next(seeds.Length)], random);
            var e = Record.Exception(() => target.Run(input));
            Assert.True(e == null, $"{name} mutation {runs} ({Convert.ToHexString(input)}): {e}");
        }
        output.WriteLine($"{runs} mutated inputs in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(runs >= 200, $"only {runs} inputs in {MutationBudget.TotalSeconds} s");
    }

    /// <summary>AFL's havoc in miniature: flips, random bytes, interesting values, deletions, insertions, splices.</summary>
    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var data = new List<byte>(seed);
        for (var n = random.Next(1, 8); n > 0; n--)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    data[at] = (byte)(new byte[] { 0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0xFF }[random.Next(7)]);
                    break;
                case 3 when data.Count > 1:
                    data.RemoveRange(at, Math.Min(random.Next(1, 16), data.Count - at));
                    break;
                case 4:
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 5 when other.Length > 0:
                    var from = random.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(random.Next(1, 32)));
                    break;
                default:
                    if (data.Count > 1) data.RemoveRange(at, data.Count - at); // truncation
                    break;
            }
        }
        return [.. data];
    }
}
