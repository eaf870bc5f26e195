using SharpSC.Pkcs15.Files;

namespace SharpSC.Pkcs15;

/// <summary>
/// Loads a PKCS#15 application through a file reader, in the order a card reader would: EF.DIR
/// (3F002F00), then EF(ODF), EF(TokenInfo) and every directory file the ODF names (PKCS#15 v1.1 §5.4).
/// The reader gets an uppercase hex path from the MF ("3F0050155031") and returns the whole file, or
/// null when the file does not exist; for record EFs it returns the records concatenated.
/// </summary>
public static class Pkcs15Loader
{
    public static readonly Pkcs15Path EfDirPath = Pkcs15Path.Parse("3F002F00");
    private const ushort OdfFileId = 0x5031;
    private const ushort TokenInfoFileId = 0x5032;

    /// <exception cref="Pkcs15FormatException">A file is malformed, or ODF/TokenInfo cannot be found.</exception>
    public static Pkcs15Application Load(Func<string, byte[]?> readFile, Pkcs15LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(readFile);
        options ??= new Pkcs15LoadOptions();

        var dirBytes = readFile(EfDirPath.Hex);
        var dir = dirBytes is null ? null : Pkcs15Codec.DecodeEfDir(dirBytes, "EF.DIR " + EfDirPath.Hex);
        var application = ChooseApplication(dir, options);

        var applicationPath = application?.Path is { } p && !p.IsEmpty
            ? new Pkcs15Path(p).ResolveAgainst(new Pkcs15Path(Pkcs15Path.MasterFile))
            : Pkcs15Application.DefaultApplicationPath;
        var odfPath = (application?.Ddo?.OdfPath ?? Pkcs15Path.FromFileId(OdfFileId)).ResolveAgainst(applicationPath);
        var odfBytes = readFile(odfPath.Hex);
        if (odfBytes is null && dir is null)
        {
            // OpenSC: a card without EF.DIR whose 5015 DF is missing may keep the ODF under the MF.
            applicationPath = new Pkcs15Path(Pkcs15Path.MasterFile);
            odfPath = applicationPath.Append(OdfFileId);
            odfBytes = readFile(odfPath.Hex);
        }
        if (odfBytes is null)
            throw new Pkcs15FormatException("EF(ODF) " + odfPath.Hex, null, "file not found: no PKCS#15 application");
        var odf = Pkcs15Codec.DecodeOdf(odfBytes, "EF(ODF) " + odfPath.Hex);

        var tokenInfoPath = (application?.Ddo?.TokenInfoPath ?? Pkcs15Path.FromFileId(TokenInfoFileId)).ResolveAgainst(applicationPath);
        var tokenInfoBytes = readFile(tokenInfoPath.Hex)
            ?? throw new Pkcs15FormatException("EF(TokenInfo) " + tokenInfoPath.Hex, null, "file not found");
        var tokenInfo = Pkcs15Codec.DecodeTokenInfo(tokenInfoBytes, "EF(TokenInfo) " + tokenInfoPath.Hex);

        var directories = new List<Pkcs15DirectoryFile>();
        var missing = new List<Pkcs15Path>();
        foreach (var entry in odf.Entries)
        {
            if (entry.Path is null)
                continue;
            var path = entry.Path.ResolveAgainst(applicationPath);
            var source = entry.Kind.ShortName() + " " + path.Hex;
            var bytes = readFile(path.Hex);
            if (bytes is null)
            {
                if (options.RequireAllDirectoryFiles)
                    throw new Pkcs15FormatException(source, null, "file not found");
                missing.Add(path);
                continue;
            }
            var data = Window(bytes, path, source);
            var objects = Pkcs15Codec.DecodeDirectory(entry.Kind, data, source, out var used);
            directories.Add(new Pkcs15DirectoryFile { Kind = entry.Kind, Path = path, Objects = objects, UsedLength = used, FileLength = data.Length });
        }

        return new Pkcs15Application
        {
            EfDir = dir,
            Application = application,
            ApplicationPath = applicationPath,
            OdfPath = odfPath,
            TokenInfoPath = tokenInfoPath,
            Odf = odf,
            TokenInfo = tokenInfo,
            Directories = ValueList.From(directories),
            MissingFiles = ValueList.From(missing),
        };
    }

    private static ApplicationTemplate? ChooseApplication(EfDir? dir, Pkcs15LoadOptions options)
    {
        if (options.Aid is { } aid)
        {
            return dir?.FindApplication(aid)
                ?? throw new Pkcs15FormatException("EF.DIR " + EfDirPath.Hex, null, $"no application with AID {aid}");
        }
        return dir is null ? null : dir.FindApplication(EfDir.Pkcs15Aid) ?? dir.Applications.FirstOrDefault();
    }

    // A Path with index and length addresses part of the file (PKCS#15 v1.1 §6.1.5).
    private static ReadOnlyMemory<byte> Window(byte[] bytes, Pkcs15Path path, string source)
    {
        if (path.Index is not { } index || path.Length is not { } length)
            return bytes;
        if (index < 0 || length < 0 || index > bytes.Length || length > bytes.Length - index)
            throw new Pkcs15FormatException(source, null, $"index {index} and length {length} fall outside the {bytes.Length}-byte file");
        return bytes.AsMemory(index, length);
    }
}
