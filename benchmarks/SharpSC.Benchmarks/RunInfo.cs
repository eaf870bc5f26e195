using System.Globalization;
using SharpSC.TestSupport;

namespace SharpSC.Benchmarks;

/// <summary>The machine, the software versions, the date and the command line of a benchmark run.</summary>
public sealed record RunInfo(string Date, string Machine, string Software, string Commit, string CommandLine)
{
    /// <summary>The 1-minute load average at the start and at the end: the machine is shared with other builds.</summary>
    public string LoadAtStart { get; } = LoadAverage();

    public string LoadAtEnd => LoadAverage();

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    public static RunInfo Collect(IReadOnlyList<string> args)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        var kernel = Tool("uname", "-sr");
        var machine = string.Create(CultureInfo.InvariantCulture, $"{cpu}, {Environment.ProcessorCount} cores, {memory:F0} GiB RAM, {kernel}");
        var packages = Tool("dpkg-query", "-W", "-f", "${Package} ${Version}, ", "opensc-pkcs11", "ykcs11", "yubico-piv-tool", "pcscd", "vsmartcard-vpcd").TrimEnd(',', ' ');
        var software = $".NET {Environment.Version}; {packages}; {Tool("gcc", "-dumpfullversion").Trim()} (gcc)";
        var commit = Tool("git", "-C", RepoPaths.Root, "describe", "--always", "--dirty").Trim();
        var command = "dotnet sharpsc-bench.dll " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        return new RunInfo(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), machine, software, commit, command);
    }

    private static string Tool(string file, params string[] args)
    {
        try
        {
            var r = ProcessRunner.Run(file, args);
            return r.ExitCode == 0 ? r.StdOut.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
