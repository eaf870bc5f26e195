using SharpSC.Cards.Drivers;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Card;

/// <summary>
/// The PKCS#15 structure of a card, read through its driver — the read side shared by the PKCS#11
/// engine and the CLI. On the default layout (DF 5015) it opens with one file, TokenInfo, and reads
/// the ODF and each directory file only when asked (<see cref="Objects{T}"/>); other layouts are read
/// whole through EF.DIR. With a <see cref="Pkcs15FileCache"/>, public files come from disk when the
/// card's TokenInfo says nothing changed. Object values (certificates, public keys, data) are read on
/// demand with <see cref="ReadValue"/>.
/// </summary>
public sealed class Pkcs15Card
{
    private const string TokenInfoDefaultPath = "3F0050155032";

    private readonly object _gate = new();
    // Reads while the structure is opened (the eager loader may ask for a file twice); nothing is remembered
    // after that: a read that failed or returned damaged bytes is asked of the card again next time.
    private Dictionary<string, byte[]?>? _openingReads = new(StringComparer.Ordinal);
    private readonly LazyPkcs15Application? _lazy;
    private Pkcs15Application? _full;
    private Pkcs15FileCache? _cache;

    private Pkcs15Card(CardDriver driver, bool useCache)
    {
        Driver = driver;
        UseCache = useCache;
        using var transaction = driver.BeginTransaction();
        try
        {
            _lazy = LazyPkcs15Application.TryOpen(path => Read(path, cacheable: path != TokenInfoDefaultPath));
            if (_lazy == null)
            {
                // A personalised card always answers for its TokenInfo: "no such file" is asked once more
                // before the card is taken as one without a PKCS#15 application for the token's life.
                _openingReads!.Remove(TokenInfoDefaultPath);
                _lazy = LazyPkcs15Application.TryOpen(path => Read(path, cacheable: path != TokenInfoDefaultPath));
            }
            if (_lazy != null)
            {
                if (useCache && CacheIsSafe(_lazy.TokenInfo))
                    _cache = Pkcs15FileCache.Open(driver.Transport.Atr.Span, driver.Name + " " + driver.Version, _lazy.TokenInfoBytes);
                return;
            }
            _full = Pkcs15Loader.Load(path => Read(path, cacheable: false));
        }
        catch (Pkcs15FormatException e) when (e.Offset == null)
        {
            // A required file (ODF/TokenInfo) is missing: the card carries no PKCS#15 application.
            MissingReason = e.Message;
        }
        finally
        {
            _openingReads = null;
        }
    }

    private Pkcs15Card(CardDriver driver, Pkcs15Application? application, string? missingReason)
    {
        Driver = driver;
        _full = application;
        MissingReason = missingReason;
    }

    public CardDriver Driver { get; }

    private bool UseCache { get; }

    /// <summary>Why the card has no PKCS#15 application (null when it has one).</summary>
    public string? MissingReason { get; }

    public bool HasApplication => _lazy != null || _full != null;

    /// <summary>TokenInfo, read when the card was opened (null without a PKCS#15 application).</summary>
    public TokenInfo? TokenInfo => _lazy?.TokenInfo ?? _full?.TokenInfo;

    /// <summary>Number of public files the cache served or holds for this card state (0 without cache).</summary>
    public int CachedFiles => _cache?.Count ?? 0;

    /// <summary>
    /// Reads the structure (without cache). A card without PKCS#15 has a null <see cref="Application"/>;
    /// malformed data throws <see cref="Pkcs15FormatException"/> naming the file and offset.
    /// </summary>
    public static Pkcs15Card Read(CardDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return new Pkcs15Card(driver, useCache: false);
    }

    /// <summary>Opens the structure, with the per-user file cache unless it is switched off.</summary>
    public static Pkcs15Card Open(CardDriver driver, bool useCache = true)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return new Pkcs15Card(driver, useCache);
    }

    /// <summary>
    /// A card taken as having no PKCS#15 structure without reading it (e.g. to erase one that does not parse).
    /// </summary>
    public static Pkcs15Card WithoutStructure(CardDriver driver, string reason)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return new Pkcs15Card(driver, null, reason);
    }

    /// <summary>
    /// The same card with another structure: what a writer returns after changing the card, so callers refresh
    /// without reading the card again. Null <paramref name="application"/> means the card has none (erased).
    /// </summary>
    public Pkcs15Card WithApplication(Pkcs15Application? application, string? missingReason = null) =>
        new(Driver, application, application is null ? missingReason ?? "the card carries no PKCS#15 structure" : null);

    /// <summary>The whole application (reads every directory file not read yet); null without PKCS#15.</summary>
    public Pkcs15Application? Application
    {
        get
        {
            if (_full != null) return _full;
            if (_lazy == null) return null;
            using var transaction = Driver.BeginTransaction();
            return _full = _lazy.ToApplication();
        }
    }

    /// <summary>
    /// False when the last read of this kind's directory files missed one the ODF lists (the card answered
    /// "no such file"): its objects are left out for now, and the next request asks the card again.
    /// </summary>
    public bool IsFullyRead(DirectoryKind kind) => _lazy?.IsFullyRead(kind) ?? true;

    /// <summary>The objects of some directory kinds, reading only those directory files.</summary>
    public IReadOnlyList<T> Objects<T>(params DirectoryKind[] kinds) where T : Pkcs15Object
    {
        if (_full != null) return kinds.SelectMany(k => _full.Directories.Where(d => d.Kind == k)).SelectMany(d => d.Objects).OfType<T>().ToList();
        if (_lazy == null) return [];
        using var transaction = Driver.BeginTransaction();
        return _lazy.Objects<T>(kinds).ToList();
    }

    /// <summary>
    /// Reads a whole file by absolute hex path; null when the card has no such file. PKCS#15 files are
    /// BER-TLV objects padded with zeros, so reading stops at the end of the last object.
    /// </summary>
    public static byte[]? ReadFileOrNull(CardDriver driver, string hexPath)
    {
        try
        {
            return driver.ReadFile(CardPath.Parse(hexPath), ContentLength.BerTlvObjects);
        }
        catch (CardException e) when (e.Error is CardError.FileNotFound or CardError.RecordNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The bytes of an object value: direct, or (part of) the file its path names. Values of public
    /// objects may come from and go to the cache (<see cref="FlushCache"/> persists them);
    /// <paramref name="isPrivate"/> values never do.
    /// </summary>
    public byte[] ReadValue(ObjectValue value, bool isPrivate = false)
    {
        if (value.Direct is { } direct) return direct.ToArray();
        if (value.Path is not { } path)
            throw new Pkcs15FormatException("object value", null, $"unsupported value form ({value})");
        var appPath = _lazy?.ApplicationPath ?? _full?.ApplicationPath ?? throw new InvalidOperationException("no PKCS#15 application");
        var absolute = path.ResolveAgainst(appPath);
        var key = absolute.Index is { } i && absolute.Length is { } l ? $"{absolute.Hex}[{i},{l}]" : absolute.Hex;
        if (!isPrivate && _cache != null && _cache.TryGet(key, out var hit)) return hit;
        byte[] content = absolute.Index is { } index && absolute.Length is { } length
            ? Driver.ReadBinary(CardPath.Parse(absolute.Hex), index, length)
            : Driver.ReadFile(CardPath.Parse(absolute.Hex), ContentLength.SingleBerTlvObject);
        if (!isPrivate) _cache?.Put(key, content);
        return content;
    }

    /// <summary>Writes values read since the last flush to the file cache (a no-op when nothing is new).</summary>
    public void FlushCache() => _cache?.Flush();

    /// <summary>Drops values read since the last flush from the cache: the operation that read them failed.</summary>
    public void DiscardCache() => _cache?.Discard();

    /// <summary>
    /// The cache is keyed by TokenInfo, whose lastUpdate has a resolution of one second. A card changed
    /// within the same second as its last update would keep identical TokenInfo bytes, so a card whose
    /// lastUpdate is that recent (or missing, or in the future) is read without cache.
    /// </summary>
    private static bool CacheIsSafe(TokenInfo tokenInfo)
    {
        if (tokenInfo.LastUpdate?.TryGetTime() is not { } updated) return false;
        var age = DateTimeOffset.UtcNow - updated;
        return age > TimeSpan.FromSeconds(3);
    }

    private byte[]? Read(string path, bool cacheable)
    {
        lock (_gate)
        {
            if (_openingReads != null && _openingReads.TryGetValue(path, out var opening)) return opening;
            byte[]? data;
            if (!cacheable || _cache == null || !_cache.TryGet(path, out data))
            {
                data = ReadFileOrNull(Driver, path);
                if (cacheable && data != null) _cache?.Put(path, data);
            }
            if (_openingReads != null) _openingReads[path] = data;
            return data;
        }
    }
}
