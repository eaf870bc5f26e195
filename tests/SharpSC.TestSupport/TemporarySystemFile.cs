namespace SharpSC.TestSupport;

/// <summary>
/// A file a test must put where a program looks for it system-wide (p11-kit's /etc/pkcs11/modules,
/// Firefox's /etc/firefox/policies): written at construction, and at dispose the machine is put back
/// as it was: a file that was there is restored byte for byte with its mode, directories created are removed.
/// </summary>
public sealed class TemporarySystemFile : IDisposable
{
    private readonly byte[]? _previous;
    private readonly UnixFileMode _previousMode;
    private readonly List<string> _createdDirectories = [];

    public string Path { get; }

    public TemporarySystemFile(string path, string contents)
    {
        Path = path;
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("system configuration files are a Unix matter here");
        if (File.Exists(path))
        {
            _previous = File.ReadAllBytes(path);
            _previousMode = File.GetUnixFileMode(path);
        }
        for (var dir = System.IO.Path.GetDirectoryName(path); dir != null && !Directory.Exists(dir); dir = System.IO.Path.GetDirectoryName(dir))
            _createdDirectories.Add(dir);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    public void Dispose()
    {
        if (OperatingSystem.IsWindows()) return;
        if (_previous != null)
        {
            File.WriteAllBytes(Path, _previous);
            File.SetUnixFileMode(Path, _previousMode);
        }
        else
        {
            File.Delete(Path);
        }
        foreach (var dir in _createdDirectories) // deepest first
        {
            if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
    }
}
