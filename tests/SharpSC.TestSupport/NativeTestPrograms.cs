namespace SharpSC.TestSupport;

/// <summary>The C test programs of tests/native/, compiled with gcc by the test that runs them.</summary>
public static class NativeTestPrograms
{
    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "native");

    public static string Compile(string source, string outputDirectory, params string[] extraFlags)
    {
        var exe = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(source));
        var args = new List<string> { "-Wall", "-Wextra", "-Werror", "-O1", "-g", "-o", exe, Path.Combine(Directory, source) };
        args.AddRange(extraFlags);
        args.AddRange(["-ldl", "-lpthread"]);
        var r = ProcessRunner.Run("gcc", args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"gcc {source} failed: {r}");
        return exe;
    }
}
