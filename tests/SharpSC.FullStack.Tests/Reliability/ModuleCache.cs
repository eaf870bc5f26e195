using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// The module (loaded in this process) caches a card's public PKCS#15 files on disk, keyed by TokenInfo
/// (Pkcs15FileCache). A fault injected into a read can end up in that cache and outlive the test (see
/// RELIABILITY.md, "Open"), so each fault test gives the module a cache directory of its own
/// (SHARPSC_CACHE_DIR, set in the process environment the module reads).
/// </summary>
public sealed class ModuleCache : IDisposable
{
    private readonly TempDir _dir = new("sharpsc-cache");
    private readonly NativeEnvironment _variable;

    public ModuleCache() => _variable = new NativeEnvironment("SHARPSC_CACHE_DIR", _dir.Path);

    public string Directory => _dir.Path;

    public void Dispose()
    {
        _variable.Dispose();
        _dir.Dispose();
    }
}
