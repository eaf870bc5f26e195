using SharpSC.Pkcs15.Card;

namespace SharpSC.Pkcs15.Tests;

/// <summary>The on-disk cache of public PKCS#15 files: keyed by card state, private, atomic, self-checking.</summary>
[Collection(CacheEnvironment.Name)]
public sealed class Pkcs15FileCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpsc-cache-test-").FullName;
    private readonly string? _saved = Environment.GetEnvironmentVariable("SHARPSC_CACHE_DIR");

    public Pkcs15FileCacheTests() => Environment.SetEnvironmentVariable("SHARPSC_CACHE_DIR", Path.Combine(_dir, "cache"));

    [Fact]
    public void Entries_survive_a_reopen_of_the_same_card_state()
    {
        var cache = Pkcs15FileCache.Open([0x3B, 0x80], "IsoApplet", [1, 2, 3])!;
        cache.Put("3F0050155031", [0xA8, 0x00]);
        cache.Flush();
        var again = Pkcs15FileCache.Open([0x3B, 0x80], "IsoApplet", [1, 2, 3])!;
        Assert.True(again.TryGet("3F0050155031", out var data));
        Assert.Equal(new byte[] { 0xA8, 0x00 }, data);
    }

    [Fact]
    public void What_a_failed_operation_read_is_discarded_and_never_written()
    {
        var cache = Pkcs15FileCache.Open([0x3B, 0x81], "IsoApplet", [5])!;
        cache.Put("3F0050155031", [0xA8, 0x00]);
        cache.Flush();
        cache.Put("3F0050155031", [0xA8, 0x01]); // changed by a glitch
        cache.Put("3F0050154402", [0x30, 0x00]); // new
        cache.Discard();
        Assert.True(cache.TryGet("3F0050155031", out var kept));
        Assert.Equal(new byte[] { 0xA8, 0x00 }, kept);
        Assert.False(cache.TryGet("3F0050154402", out _));
        cache.Flush();
        var again = Pkcs15FileCache.Open([0x3B, 0x81], "IsoApplet", [5])!;
        Assert.Equal(1, again.Count);
        Assert.True(again.TryGet("3F0050155031", out var persisted));
        Assert.Equal(new byte[] { 0xA8, 0x00 }, persisted);
    }

    [Fact]
    public void A_changed_token_info_is_a_different_cache_entry()
    {
        var cache = Pkcs15FileCache.Open([0x3B], "IsoApplet", [1, 2, 3])!;
        cache.Put("3F0050154402", [0x30, 0x00]);
        cache.Flush();
        var changed = Pkcs15FileCache.Open([0x3B], "IsoApplet", [1, 2, 4])!;
        Assert.False(changed.TryGet("3F0050154402", out _));
        var otherAtr = Pkcs15FileCache.Open([0x3C], "IsoApplet", [1, 2, 3])!;
        Assert.False(otherAtr.TryGet("3F0050154402", out _));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Files_are_private_to_the_user()
    {
        var cache = Pkcs15FileCache.Open([0x3B], "IsoApplet", [9])!;
        cache.Put("3F00", [1]);
        cache.Flush();
        var dir = Path.Combine(_dir, "cache");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        var file = Directory.GetFiles(dir, "*.p15cache").Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void A_damaged_file_is_ignored_and_removed()
    {
        var cache = Pkcs15FileCache.Open([0x3B], "IsoApplet", [7])!;
        cache.Put("3F0050155031", [1, 2, 3, 4]);
        cache.Flush();
        var file = Directory.GetFiles(Path.Combine(_dir, "cache"), "*.p15cache").Single();
        var bytes = File.ReadAllBytes(file);
        bytes[12] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var reopened = Pkcs15FileCache.Open([0x3B], "IsoApplet", [7])!;
        Assert.False(reopened.TryGet("3F0050155031", out _));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Off_switch_disables_the_cache()
    {
        Environment.SetEnvironmentVariable("SHARPSC_CACHE", "off");
        try
        {
            Assert.Null(Pkcs15FileCache.Open([0x3B], "IsoApplet", [1]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SHARPSC_CACHE", null);
        }
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("SHARPSC_CACHE_DIR", _saved);
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>Tests that change the cache's environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CacheEnvironment
{
    public const string Name = "cache environment";
}
