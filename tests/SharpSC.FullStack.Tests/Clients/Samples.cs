using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// The configuration files users copy from samples/, pointed at the module under test: they name the
/// installed module path, which the tests replace with artifacts/lib/sharpsc-pkcs11.so.
/// </summary>
public static class Samples
{
    /// <summary>Where the Debian package installs the module; every sample names this path.</summary>
    public const string InstalledModule = "/usr/lib/x86_64-linux-gnu/pkcs11/sharpsc-pkcs11.so";

    public static string PathOf(params string[] parts) => Path.Combine([RepoPaths.Root, "samples", .. parts]);

    /// <summary>The sample's text with the module path replaced by <paramref name="modulePath"/>.</summary>
    public static string Read(string relativePath, string modulePath)
    {
        var text = File.ReadAllText(PathOf(relativePath));
        if (!text.Contains(InstalledModule, StringComparison.Ordinal))
            throw new InvalidOperationException($"samples/{relativePath} does not name {InstalledModule}");
        return text.Replace(InstalledModule, modulePath, StringComparison.Ordinal);
    }

    /// <summary>Writes the sample, pointed at the module under test, into <paramref name="dir"/>; returns its path.</summary>
    public static string WriteFor(TempDir dir, string relativePath)
    {
        var target = dir.File(Path.GetFileName(relativePath));
        File.WriteAllText(target, Read(relativePath, Module.Path));
        return target;
    }
}
