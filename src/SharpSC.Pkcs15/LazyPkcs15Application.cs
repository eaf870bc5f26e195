using SharpSC.Pkcs15.Files;

namespace SharpSC.Pkcs15;

/// <summary>
/// A PKCS#15 application read file by file as callers need it (PKCS#15 v1.1 §5.4 default layout:
/// DF 5015 with EF(ODF) 5031 and EF(TokenInfo) 5032). Opening costs one file, TokenInfo; the ODF is
/// read on the first directory request and each directory file on its own first request. Cards
/// with another layout go through <see cref="Pkcs15Loader"/> (EF.DIR first) instead. Only what was read
/// and decoded is kept: a file the card did not return, or that did not decode, is read again the next
/// time it is needed (a transmission glitch does not stay with the card's view).
/// </summary>
public sealed class LazyPkcs15Application
{
    private static readonly Pkcs15Path DefaultTokenInfoPath = Pkcs15Application.DefaultApplicationPath.Append(0x5032);
    private static readonly Pkcs15Path DefaultOdfPath = Pkcs15Application.DefaultApplicationPath.Append(0x5031);

    private readonly Func<string, byte[]?> _read;
    private readonly object _gate = new();
    private readonly Dictionary<string, Pkcs15DirectoryFile> _files = new(StringComparer.Ordinal);
    private readonly HashSet<DirectoryKind> _partial = [];
    private Odf? _odf;

    private LazyPkcs15Application(Func<string, byte[]?> read, byte[] tokenInfoBytes)
    {
        _read = read;
        TokenInfoBytes = tokenInfoBytes;
        TokenInfo = Pkcs15Codec.DecodeTokenInfo(tokenInfoBytes, "EF(TokenInfo) " + DefaultTokenInfoPath.Hex);
    }

    public Pkcs15Path ApplicationPath => Pkcs15Application.DefaultApplicationPath;

    public Pkcs15Path TokenInfoPath => DefaultTokenInfoPath;

    public Pkcs15Path OdfPath => DefaultOdfPath;

    /// <summary>The TokenInfo file as read (its bytes identify the card's current PKCS#15 state).</summary>
    public byte[] TokenInfoBytes { get; }

    public TokenInfo TokenInfo { get; }

    /// <summary>Opens the application at the default location; null when the card has no TokenInfo there.</summary>
    public static LazyPkcs15Application? TryOpen(Func<string, byte[]?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var bytes = read(DefaultTokenInfoPath.Hex);
        return bytes is null ? null : new LazyPkcs15Application(read, bytes);
    }

    public Odf Odf
    {
        get
        {
            lock (_gate)
            {
                if (_odf != null) return _odf;
                var bytes = _read(DefaultOdfPath.Hex)
                    ?? throw new Pkcs15FormatException("EF(ODF) " + DefaultOdfPath.Hex, null, "file not found: no PKCS#15 application");
                _odf = Pkcs15Codec.DecodeOdf(bytes, "EF(ODF) " + DefaultOdfPath.Hex);
                return _odf;
            }
        }
    }

    /// <summary>False when the last <see cref="Directories"/> of this kind missed a file the ODF lists.</summary>
    public bool IsFullyRead(DirectoryKind kind)
    {
        lock (_gate) return !_partial.Contains(kind);
    }

    /// <summary>
    /// The directory files of one kind, each read and decoded on first use. A listed file the card does not
    /// return is left out (and asked for again next time); one that does not decode throws
    /// <see cref="Pkcs15FormatException"/>.
    /// </summary>
    public IReadOnlyList<Pkcs15DirectoryFile> Directories(DirectoryKind kind)
    {
        var odf = Odf;
        lock (_gate)
        {
            var files = new List<Pkcs15DirectoryFile>();
            _partial.Remove(kind);
            foreach (var entry in odf.EntriesOf(kind))
            {
                if (entry.Path is null) continue;
                var path = entry.Path.ResolveAgainst(ApplicationPath);
                var key = path.Index is { } i && path.Length is { } l ? $"{path.Hex}[{i},{l}]" : path.Hex;
                if (_files.TryGetValue(key, out var known))
                {
                    files.Add(known);
                    continue;
                }
                var source = kind.ShortName() + " " + path.Hex;
                var bytes = _read(path.Hex);
                if (bytes is null)
                {
                    _partial.Add(kind);
                    continue;
                }
                ReadOnlyMemory<byte> data = bytes;
                if (path.Index is { } index && path.Length is { } length)
                {
                    if (index < 0 || length < 0 || index > bytes.Length || length > bytes.Length - index)
                        throw new Pkcs15FormatException(source, null, $"index {index} and length {length} fall outside the {bytes.Length}-byte file");
                    data = bytes.AsMemory(index, length);
                }
                var objects = Pkcs15Codec.DecodeDirectory(kind, data, source, out var used);
                var file = new Pkcs15DirectoryFile { Kind = kind, Path = path, Objects = objects, UsedLength = used, FileLength = data.Length };
                _files[key] = file;
                files.Add(file);
            }
            return files;
        }
    }

    public IEnumerable<T> Objects<T>(params DirectoryKind[] kinds) where T : Objects.Pkcs15Object =>
        kinds.SelectMany(k => Directories(k)).SelectMany(d => d.Objects).OfType<T>();

    /// <summary>Everything, as the eager model (reads what was not read yet).</summary>
    public Pkcs15Application ToApplication() => new()
    {
        ApplicationPath = ApplicationPath,
        OdfPath = OdfPath,
        TokenInfoPath = TokenInfoPath,
        Odf = Odf,
        TokenInfo = TokenInfo,
        Directories = ValueList.From(Enum.GetValues<DirectoryKind>().SelectMany(Directories).ToList()),
    };
}
