namespace SharpSC.Pkcs15.Card;

/// <summary>
/// Write-then-rename, mode 0600: a reader sees the old file or the new one, never a torn one. No fsync:
/// the only writer is the cache, whose files carry a SHA-256 checksum, so what a power loss leaves
/// behind is detected and ignored; an fsync cost 2–7 ms per write on the host's thread (BENCHMARKS.md).
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }
}
