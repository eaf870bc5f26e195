using System.Runtime.InteropServices;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// The module (loaded in this process) caches a card's public PKCS#15 files on disk, keyed by TokenInfo
/// (Pkcs15FileCache). A fault injected into a read can end up in that cache and outlive the test (see
/// RELIABILITY.md, "Open"), so each fault test gives the module a cache directory of its own. The module
/// reads SHARPSC_CACHE_DIR through libc getenv when it opens a card; .NET's Environment.SetEnvironmentVariable
/// would change only this runtime's copy, so this sets the process environment itself.
/// </summary>
public sealed partial class ModuleCache : IDisposable
{
    private const string Variable = "SHARPSC_CACHE_DIR";
    private readonly string? _previous = Marshal.PtrToStringUTF8(GetEnv(Variable));
    private readonly TempDir _dir = new("sharpsc-cache");

    public ModuleCache()
    {
        if (SetEnv(Variable, _dir.Path, 1) != 0) throw new InvalidOperationException("setenv failed");
    }

    public string Directory => _dir.Path;

    public void Dispose()
    {
        if (_previous == null) UnsetEnv(Variable);
        else SetEnv(Variable, _previous, 1);
        _dir.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);
}
