namespace SharpSC.VirtualCard.State;

/// <summary>
/// Reads and atomically replaces state files: the new content goes to a temporary file in the same
/// directory (mode 0600), is flushed to disk, renamed over the old file, and the directory is synced.
/// A reader or a crash at any moment therefore sees either the old or the new complete file.
/// </summary>
public static class CardStateStore
{
    /// <summary>The file's bytes, or null when it does not exist.</summary>
    public static byte[]? ReadIfExists(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new IOException($"{path} has no directory");
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        if (!OperatingSystem.IsWindows()) PosixSync.Directory(directory);
    }

    /// <summary>
    /// Deletes temporary files that saves of <paramref name="path"/> left behind when their process was
    /// killed (the process no longer exists). Returns how many were removed.
    /// </summary>
    public static int RemoveStaleTemporaryFiles(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory == null || !Directory.Exists(directory)) return 0;
        var prefix = $".{Path.GetFileName(full)}.";
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "*.tmp"))
        {
            var parts = Path.GetFileName(file)[prefix.Length..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out var pid) || IsRunning(pid)) continue;
            TryDelete(file);
            removed++;
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
