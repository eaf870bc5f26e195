namespace SharpSC.TestSupport;

/// <summary>A private (0700) scratch directory removed at dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; }

    public TempDir(string prefix = "sharpsc-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
        if (!OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
