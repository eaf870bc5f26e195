using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// The PKCS#15 file cache through real hosts: a second run costs a handful of APDUs, and a card
/// changed by another tool (OpenSC's pkcs15-init) is never shown from stale cache data, not even
/// when the change lands in the same second as the previous one.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class CacheTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    [Fact]
    public void Warm_runs_read_little_and_a_change_by_OpenSC_shows_at_once()
    {
        using var cacheDir = new TempDir("sharpsc-cache");
        var env = new Dictionary<string, string?> { ["SHARPSC_CACHE_DIR"] = cacheDir.Path };

        // The cache is only used once the card's TokenInfo lastUpdate is a few seconds old.
        Thread.Sleep(TimeSpan.FromSeconds(4));
        var (coldApdus, cold) = ListObjects(env);
        var (warmApdus, warm) = ListObjects(env);
        Assert.Equal(cold, warm);
        Assert.True(warmApdus <= 4, $"warm listing took {warmApdus} APDUs (cold {coldApdus})");
        Assert.True(warmApdus < coldApdus);

        // OpenSC adds a key: it rewrites TokenInfo (lastUpdate), which moves us to a fresh cache entry.
        ProcessRunner.RunChecked("pkcs15-init", "-r", TokenReader.OpenScIndex, "--generate-key", "ec/prime256v1", "--id", "07",
            "--auth-id", "FF", "--key-usage", "sign", "--pin", TokenReader.Pin, "--label", "added-by-opensc");
        var (freshApdus, after) = ListObjects(env);
        Assert.True(after.Any(l => l.Contains("added-by-opensc", StringComparison.Ordinal)), string.Join("\n", after));
        Assert.DoesNotContain(warm, l => l.Contains("added-by-opensc", StringComparison.Ordinal));

        // Right after a change (lastUpdate in this very second) nothing is served from the cache: a second
        // change within the same second would leave TokenInfo byte-identical.
        var (againApdus, again) = ListObjects(env);
        Assert.Equal(after, again);
        Assert.True(againApdus >= freshApdus - 1, $"{againApdus} APDUs right after a change: the cache was used ({freshApdus} before)");
    }

    private (long Apdus, List<string> Lines) ListObjects(Dictionary<string, string?> env)
    {
        var before = card.Card.ApduCount;
        var r = ProcessRunner.Run("pkcs11-tool", ["--module", Module.Path, "--slot-description", TokenReader.Name, "--list-objects"], env);
        Assert.True(r.ExitCode == 0, r.ToString());
        return (card.Card.ApduCount - before, r.StdOut.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList());
    }
}
