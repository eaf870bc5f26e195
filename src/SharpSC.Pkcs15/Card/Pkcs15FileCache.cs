using System.Buffers.Binary;
using System.Text;
using SharpSC.Diagnostics;

namespace SharpSC.Pkcs15.Card;

/// <summary>
/// An on-disk cache of a card's public PKCS#15 files (directory files, public keys, public
/// certificates), so a known card costs a few APDUs instead of dozens. One file per card state:
/// the key is a hash of the ATR, the driver and the TokenInfo bytes, which are read from the card on
/// every connect — so the cache is validated by one read, and any change that updates TokenInfo
/// (lastUpdate, as OpenSC's pkcs15-init and our personaliser do) selects a new, empty entry.
/// Per user (XDG cache dir), directory 0700, files 0600 written atomically; a damaged file is ignored.
/// SHARPSC_CACHE=off disables it; SHARPSC_CACHE_DIR moves it.
/// </summary>
public sealed class Pkcs15FileCache
{
    private static readonly byte[] Magic = "SSC15C1\n"u8.ToArray();
    private const int MaxCacheFiles = 32;

    private readonly string _path;
    private readonly Dictionary<string, byte[]> _entries;
    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]?> _pending = new(StringComparer.Ordinal);

    private Pkcs15FileCache(string path, Dictionary<string, byte[]> entries)
    {
        _path = path;
        _entries = entries;
    }

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>The cache directory, or null when caching is off or no home is known.</summary>
    public static string? Directory
    {
        get
        {
            if (string.Equals(Environment.GetEnvironmentVariable("SHARPSC_CACHE"), "off", StringComparison.OrdinalIgnoreCase)) return null;
            var explicitDir = Environment.GetEnvironmentVariable("SHARPSC_CACHE_DIR");
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "sharpsc");
            var home = Environment.GetEnvironmentVariable("HOME");
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "sharpsc");
        }
    }

    /// <summary>The cache for this card state (possibly empty); null when caching is off.</summary>
    public static Pkcs15FileCache? Open(ReadOnlySpan<byte> atr, string driver, ReadOnlySpan<byte> tokenInfo)
    {
        var dir = Directory;
        if (dir == null) return null;
        var key = Key(atr, driver, tokenInfo);
        var path = Path.Combine(dir, key + ".p15cache");
        return new Pkcs15FileCache(path, Load(path));
    }

    /// <summary>Forgets every cached state of every card (after our own writes, to be safe).</summary>
    public static void Clear()
    {
        var dir = Directory;
        if (dir == null || !System.IO.Directory.Exists(dir)) return;
        foreach (var f in System.IO.Directory.EnumerateFiles(dir, "*.p15cache")) TryDelete(f);
    }

    public bool TryGet(string path, out byte[] data)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(path, out var d))
            {
                data = d;
                return true;
            }
        }
        data = [];
        return false;
    }

    public void Put(string path, byte[] data)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(path, out var old))
            {
                if (old.AsSpan().SequenceEqual(data)) return;
                _pending.TryAdd(path, old);
            }
            else
                _pending.TryAdd(path, null);
            _entries[path] = data;
        }
    }

    /// <summary>
    /// Forgets what was put since the last flush: the operation that read it failed (a card error, a
    /// file that did not parse), so what the card said then is not trusted for later sessions.
    /// </summary>
    public void Discard()
    {
        lock (_gate)
        {
            foreach (var (path, old) in _pending)
            {
                if (old is null) _entries.Remove(path);
                else _entries[path] = old;
            }
            _pending.Clear();
        }
    }

    /// <summary>Writes new entries to disk (atomically). Failures are logged, never thrown: a cache is optional.</summary>
    public void Flush()
    {
        byte[] content;
        lock (_gate)
        {
            if (_pending.Count == 0) return;
            _pending.Clear();
            content = Serialize(_entries);
        }
        try
        {
            var dir = Path.GetDirectoryName(_path)!;
            CreatePrivateDirectory(dir);
            AtomicFile.Write(_path, content);
            Prune(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error("cache", $"cannot write {_path}: {e.Message}");
        }
    }

    private static string Key(ReadOnlySpan<byte> atr, string driver, ReadOnlySpan<byte> tokenInfo)
    {
        byte[] input = [.. atr, 0, .. Encoding.UTF8.GetBytes(driver), 0, .. tokenInfo];
        return Convert.ToHexStringLower(Hashes.Sha256(input));
    }

    private static Dictionary<string, byte[]> Load(string path)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] content;
        try
        {
            if (!File.Exists(path)) return entries;
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return entries;
        }
        if (!TryParse(content, entries))
        {
            Log.Error("cache", $"{path} is damaged; ignored");
            entries.Clear();
            TryDelete(path);
        }
        return entries;
    }

    // Format: magic, then entries (u16 path length, ASCII path, u32 data length, data), then the
    // SHA-256 of everything before it.
    private static byte[] Serialize(Dictionary<string, byte[]> entries)
    {
        using var ms = new MemoryStream();
        ms.Write(Magic);
        Span<byte> n = stackalloc byte[4];
        foreach (var (path, data) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var p = Encoding.ASCII.GetBytes(path);
            BinaryPrimitives.WriteUInt16BigEndian(n, (ushort)p.Length);
            ms.Write(n[..2]);
            ms.Write(p);
            BinaryPrimitives.WriteUInt32BigEndian(n, (uint)data.Length);
            ms.Write(n);
            ms.Write(data);
        }
        var body = ms.ToArray();
        return [.. body, .. Hashes.Sha256(body)];
    }

    private static bool TryParse(byte[] content, Dictionary<string, byte[]> entries)
    {
        if (content.Length < Magic.Length + 32 || !content.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return false;
        var body = content.AsSpan(0, content.Length - 32);
        if (!Hashes.Sha256(body).AsSpan().SequenceEqual(content.AsSpan(content.Length - 32))) return false;
        var pos = Magic.Length;
        while (pos < body.Length)
        {
            if (body.Length - pos < 2) return false;
            int pathLength = BinaryPrimitives.ReadUInt16BigEndian(body[pos..]);
            pos += 2;
            if (body.Length - pos < pathLength + 4) return false;
            var path = Encoding.ASCII.GetString(body.Slice(pos, pathLength));
            pos += pathLength;
            var dataLength = BinaryPrimitives.ReadUInt32BigEndian(body[pos..]);
            pos += 4;
            if (dataLength > (uint)(body.Length - pos)) return false;
            entries[path] = body.Slice(pos, (int)dataLength).ToArray();
            pos += (int)dataLength;
        }
        return true;
    }

    private static void CreatePrivateDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(dir);
            return;
        }
        System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Prune(string dir)
    {
        var files = new DirectoryInfo(dir).GetFiles("*.p15cache").OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        foreach (var old in files.Skip(MaxCacheFiles)) TryDelete(old.FullName);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
