namespace SharpSC.TestSupport;

/// <summary>Where the repository, its build outputs and its fixtures are, seen from a test run.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>artifacts/lib/sharpsc-pkcs11.so (the module as hosts load it).</summary>
    public static string Module => Path.Combine(Artifacts, "lib", OperatingSystem.IsWindows() ? "sharpsc-pkcs11.dll"
        : OperatingSystem.IsMacOS() ? "sharpsc-pkcs11.dylib" : "sharpsc-pkcs11.so");

    public static string Bin(string name) => Path.Combine(Artifacts, "bin", OperatingSystem.IsWindows() ? name + ".exe" : name);

    public static string Fixture(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    public const string OpenScModule = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pkcs11Module.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Pkcs11Module.sln not found above " + AppContext.BaseDirectory);
    }
}
