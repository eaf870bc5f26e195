using SharpSC.TestSupport;

namespace SharpSC.Benchmarks;

/// <summary>
/// One PKCS#11 module as the benchmark runs it. Each run gets a directory of its own for the module's
/// caches and configuration: a fresh one for a cold run, the one a previous run filled for a warm run.
/// </summary>
public abstract class ModuleUnderTest(string name, string path)
{
    public string Name { get; } = name;

    public string Path { get; } = path;

    /// <summary>Measured in cold runs only (a module without a cache has no warm state).</summary>
    public virtual bool ColdOnly => false;

    /// <summary>Host arguments this module needs beyond the workflow's own.</summary>
    public virtual IReadOnlyList<string> ExtraArguments(CardGeneration card, Workflow workflow) => [];

    /// <summary>The environment of one host run using <paramref name="runDirectory"/>.</summary>
    public abstract Dictionary<string, string?> Environment(string runDirectory);

    /// <summary>Variables that would change what is measured (traces, other configurations) are unset.</summary>
    protected static Dictionary<string, string?> Clean() => new()
    {
        ["SHARPSC_CACHE"] = null,
        ["SHARPSC_CACHE_DIR"] = null,
        ["SHARPSC_DEBUG"] = null,
        ["SHARPSC_LOG"] = null,
        ["OPENSC_CONF"] = null,
        ["OPENSC_DEBUG"] = null,
        ["OPENSC_DRIVER"] = null,
        ["YKCS11_DBG"] = null,
    };
}

/// <summary>
/// artifacts/lib/sharpsc-pkcs11.so with its PKCS#15 file cache in the run directory, or with the cache
/// off (SHARPSC_CACHE=off): a cold run without the cost of writing the cache.
/// </summary>
public sealed class SharpScModule(bool cache = true) : ModuleUnderTest(cache ? Targets.Ours : Targets.Ours + " cache=off", RepoPaths.Module)
{
    public override bool ColdOnly => !cache;

    public override Dictionary<string, string?> Environment(string runDirectory)
    {
        var env = Clean();
        if (cache) env["SHARPSC_CACHE_DIR"] = System.IO.Path.Combine(runDirectory, "sharpsc-cache");
        else env["SHARPSC_CACHE"] = "off";
        return env;
    }
}

/// <summary>
/// Debian's OpenSC module with a configuration file of the run's own (OPENSC_CONF): the distribution's
/// defaults (/etc/opensc/opensc.conf sets nothing), except that the other readers are ignored, so OpenSC
/// neither probes other cards nor waits for them; with <c>fileCache</c> its public file cache is on.
/// </summary>
public sealed class OpenScModule(bool fileCache, IReadOnlyList<string> otherReaders)
    : ModuleUnderTest(fileCache ? "OpenSC+cache" : "OpenSC", RepoPaths.OpenScModule)
{
    public bool FileCache { get; } = fileCache;

    /// <summary>OpenSC's openpgp emulation puts the signature key alone in a second token of the reader, "… (User PIN (sig))".</summary>
    public override IReadOnlyList<string> ExtraArguments(CardGeneration card, Workflow workflow) =>
        card == CardGeneration.OpenPgp && workflow.HostWorkflow == "sign" ? ["--token", "OpenPGP card (User PIN (sig))"] : [];

    public override Dictionary<string, string?> Environment(string runDirectory)
    {
        var conf = System.IO.Path.Combine(runDirectory, "opensc.conf");
        if (!File.Exists(conf)) File.WriteAllText(conf, Configuration(runDirectory));
        var env = Clean();
        env["OPENSC_CONF"] = conf;
        return env;
    }

    private string Configuration(string runDirectory)
    {
        var ignored = otherReaders.Count == 0 ? "" : $"\tignored_readers = {string.Join(", ", otherReaders.Select(Quote))};\n";
        var cache = FileCache
            ? $"\t\tuse_file_caching = public;\n\t\tfile_cache_dir = {Quote(System.IO.Path.Combine(runDirectory, "opensc-cache"))};\n"
            : "\t\tuse_file_caching = no;\n";
        return $"app default {{\n{ignored}\tframework pkcs15 {{\n{cache}\t}}\n}}\n";
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Yubico's ykcs11 (Debian's ykcs11 2.2.0), PIV only: it has no cache and no configuration, and makes slots only for
/// readers whose names start with "Yubico" (the PIV card sits in one).
/// </summary>
public sealed class Ykcs11Module() : ModuleUnderTest(Targets.Ykcs11, Ykcs11Module.LibraryPath)
{
    public const string LibraryPath = "/usr/lib/x86_64-linux-gnu/libykcs11.so";

    public override Dictionary<string, string?> Environment(string runDirectory) => Clean();
}

/// <summary>The trivial NativeAOT library of benchmarks/SharpSC.Benchmarks.NullModule: the runtime's own cost.</summary>
public sealed class NullModule(string path) : ModuleUnderTest("NativeAOT null module", path)
{
    public override Dictionary<string, string?> Environment(string runDirectory) => Clean();
}
