using SharpSC.TestSupport;

namespace SharpSC.Benchmarks;

/// <summary>
/// benchmarks/native/p11bench.c compiled with gcc: the one host that loads every module the same way
/// (dlopen, C_GetFunctionList, C_Initialize with OS locking) and runs one workflow per process.
/// </summary>
public sealed class HostProgram
{
    public string Path { get; }

    private HostProgram(string path) => Path = path;

    public static string Source => System.IO.Path.Combine(RepoPaths.Root, "benchmarks", "native", "p11bench.c");

    public static HostProgram Compile(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var exe = System.IO.Path.Combine(outputDirectory, "p11bench");
        var r = ProcessRunner.Run("gcc",
            ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-I/usr/include/p11-kit-1", "-o", exe, Source, "-ldl", "-lpthread"]);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"gcc p11bench.c failed (the p11-kit header comes with libp11-kit-dev: ./build.sh setup): {r}");
        return new HostProgram(exe);
    }

    /// <summary>Runs one workflow; the environment is the caller's plus <paramref name="env"/> (null values unset).</summary>
    public HostResult Run(string module, string workflow, IEnumerable<string> args, IDictionary<string, string?> env)
    {
        var r = ProcessRunner.Run(Path, [module, workflow, .. args], env, timeout: TimeSpan.FromMinutes(5));
        var result = HostResult.Parse(r.StdOut);
        if (result.Error == null && r.ExitCode != 0)
            throw new InvalidOperationException($"p11bench {workflow} exited {r.ExitCode}: {r}");
        return result;
    }
}
