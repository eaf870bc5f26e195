using SharpSC.Cards.Drivers;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Diagnostics;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// One personalisation operation on a card with a PKCS#15 structure: writes object files and directory
/// entries in a safe order (file first, entry last), keeps the model in step with the card, and remembers
/// how to undo what is not yet committed. Runs inside the caller's card transaction.
/// </summary>
internal sealed class WriteSession
{
    private const string Component = "personalise";
    private readonly List<(string What, Action Undo)> _undo = [];
    private readonly Dictionary<CardPath, int> _sizes = [];
    private readonly DirectoryFileWriter _writer;
    private readonly TimeProvider _clock;

    public WriteSession(CardDriver driver, PersonalisationProfile profile, Pkcs15Application application, TimeProvider clock)
    {
        Driver = driver;
        Profile = profile;
        Application = application;
        _clock = clock;
        _writer = new DirectoryFileWriter(driver);
    }

    public CardDriver Driver { get; }
    public PersonalisationProfile Profile { get; }

    /// <summary>The structure as the card holds it now.</summary>
    public Pkcs15Application Application { get; private set; }

    public CardPath ApplicationDf => ToCardPath(Application.ApplicationPath);

    public static CardPath ToCardPath(Pkcs15Path path) =>
        path.Aid is { } aid ? CardPath.FromAid(aid.Span, path.Value.Span) : CardPath.Parse(path.Hex);

    /// <summary>The size of a file from its FCI (one SELECT, remembered for this operation).</summary>
    public int FileSize(CardPath path)
    {
        if (_sizes.TryGetValue(path, out var size))
            return size;
        size = Driver.SelectFile(path).Size
            ?? throw new PersonalisationException(PersonalisationError.CardChanged, $"the card does not tell the size of {path}");
        _sizes[path] = size;
        return size;
    }

    /// <summary>Room left in the directory file of <paramref name="kind"/> (its full profile size when it does not exist yet).</summary>
    public int FreeSpace(DirectoryKind kind)
    {
        if (Application.GetDirectory(kind) is { } dir)
            return FileSize(ToCardPath(dir.Path)) - dir.UsedLength;
        return Profile.LayoutOf(kind).Size;
    }

    /// <summary>Refuses early when <paramref name="entry"/> will not fit the directory of <paramref name="kind"/>.</summary>
    public void RequireRoom(DirectoryKind kind, int entryLength)
    {
        var free = FreeSpace(kind);
        if (entryLength > free)
            throw new PersonalisationException(PersonalisationError.DirectoryFull,
                $"the {kind.ShortName()} is full ({free} bytes free, the entry needs {entryLength}): delete objects first");
    }

    /// <summary>
    /// Creates a transparent EF for an object value in the application DF under the first free FID from
    /// <paramref name="firstFid"/>, writes <paramref name="content"/> into it and returns its path. A FID held by
    /// a file no entry references (left by an interrupted write) is reclaimed. Undone by deleting the file.
    /// </summary>
    public Pkcs15Path CreateObjectFile(ushort firstFid, ReadOnlySpan<byte> content, FileAcl acl)
    {
        var used = ReferencedFileIds();
        var length = content.Length;
        var spec = (ushort fid) => FileSpec.TransparentEf(fid, length, acl);
        for (var fid = firstFid; fid < firstFid + 0xFF; fid++)
        {
            if (used.Contains(fid))
                continue;
            var path = ApplicationDf.Append(fid);
            try
            {
                Driver.CreateFile(ApplicationDf, spec(fid));
            }
            catch (CardException e) when (e.Error is CardError.ReferenceDataNotUsable or CardError.FileExists)
            {
                // IsoApplet answers 6984 for a FID in use anywhere on the card.
                if (!Exists(path))
                    continue;
                Log.Info(Component, $"{path} exists but no entry references it (an interrupted write): reclaiming it");
                Driver.DeleteFile(path);
                Driver.CreateFile(ApplicationDf, spec(fid));
            }
            OnUndo($"file {path}", () => Driver.DeleteFile(path));
            Driver.UpdateBinary(path, 0, content.ToArray());
            return Pkcs15Path.Parse(path.ToString());
        }
        throw new PersonalisationException(PersonalisationError.DirectoryFull, $"no free file identifier from {firstFid:X4} in the application DF");
    }

    /// <summary>
    /// Appends an entry to the directory of <paramref name="kind"/> (created first if the card has none) and
    /// returns it as a reader decodes it from the card.
    /// </summary>
    public T Append<T>(DirectoryKind kind, T obj, bool undoable) where T : Pkcs15Object
    {
        var entry = Pkcs15Codec.EncodeObject(obj);
        var stored = (T)Pkcs15Codec.DecodeDirectory(kind, entry)[0];
        var dir = Application.GetDirectory(kind) ?? CreateDirectory(kind);
        var path = ToCardPath(dir.Path);
        var used = dir.UsedLength;
        _writer.Append(path, FileSize(path), used, entry, kind.ShortName());
        if (undoable)
        {
            OnUndo($"{kind.ShortName()} entry '{obj.Label}'", () =>
            {
                _writer.Unappend(path, used);
                Application = Application.WithDirectory(dir);
            });
        }
        Application = Application.WithDirectory(dir with
        {
            Objects = ValueList.From(dir.Objects.Append(stored)),
            UsedLength = used + entry.Length,
            FileLength = Math.Max(dir.FileLength, used + entry.Length),
        });
        return stored;
    }

    /// <summary>
    /// Replaces (or with null removes) one entry; the other entries keep their exact bytes. Returns the
    /// replacement as a reader decodes it from the card.
    /// </summary>
    public Pkcs15Object? Rewrite(Pkcs15Object existing, Pkcs15Object? replacement)
    {
        var dir = Application.Directories.FirstOrDefault(d => d.Objects.Contains(existing))
            ?? throw new PersonalisationException(PersonalisationError.ObjectNotFound, $"'{existing.Label}' is not in any directory file of this card");
        var path = ToCardPath(dir.Path);
        var current = Driver.ReadFile(path, ContentLength.BerTlvObjects);
        var spans = EntrySpans.Of(current);
        var index = dir.Objects.ToList().IndexOf(existing);
        if (spans.Count != dir.Objects.Count || !Pkcs15Codec.DecodeDirectory(dir.Kind, current).Equals(dir.Objects))
            throw new PersonalisationException(PersonalisationError.CardChanged,
                $"the {dir.Kind.ShortName()} ({path}) changed since it was read (another program wrote to the card); read it again");
        var replacementBytes = replacement is null ? [] : Pkcs15Codec.EncodeObject(replacement);
        var span = spans[index];
        byte[] updated = [.. current.AsSpan(0, span.Start), .. replacementBytes, .. current.AsSpan(span.End, spans[^1].End - span.End)];
        if (updated.Length > FileSize(path))
            throw new PersonalisationException(PersonalisationError.DirectoryFull, $"the {dir.Kind.ShortName()} has no room for the changed entry");
        _writer.Rewrite(path, current.AsSpan(0, spans[^1].End), updated);
        var objects = dir.Objects.ToList();
        var stored = replacement is null ? null : Pkcs15Codec.DecodeDirectory(dir.Kind, replacementBytes)[0];
        if (stored is null)
            objects.RemoveAt(index);
        else
            objects[index] = stored;
        Application = Application.WithDirectory(dir with { Objects = ValueList.From(objects), UsedLength = updated.Length });
        return stored;
    }

    /// <summary>Deletes a file an entry referenced (after the entry is gone); a file already missing is fine.</summary>
    public void DeleteFile(Pkcs15Path path)
    {
        try
        {
            Driver.DeleteFile(ToCardPath(Application.Resolve(path)));
        }
        catch (CardException e) when (e.Error == CardError.FileNotFound)
        {
        }
    }

    /// <summary>
    /// Writes TokenInfo with lastUpdate set to now (and the other changes in <paramref name="changed"/>). The time
    /// only moves forward, at least a second per change, so that every change gives TokenInfo new bytes (readers
    /// that cache the structure key on them; GeneralizedTime here has a resolution of one second).
    /// </summary>
    public void TouchTokenInfo(TokenInfo? changed = null)
    {
        var now = _clock.GetUtcNow();
        if (Application.TokenInfo.LastUpdate?.TryGetTime() is { } previous && now < previous.AddSeconds(1))
            now = previous.AddSeconds(1);
        var info = (changed ?? Application.TokenInfo) with { LastUpdate = LastUpdate.FromTime(now) };
        WriteStructureFile(Application.TokenInfoPath, Pkcs15Codec.EncodeTokenInfo(info), "TokenInfo");
        Application = Application with { TokenInfo = info };
    }

    /// <summary>EF.DIR as the model has it, or as the card has it when the model was read without it (lazy reading).</summary>
    public EfDir? ReadEfDir()
    {
        if (Application.EfDir is { } known)
            return known;
        var bytes = Card.Pkcs15Card.ReadFileOrNull(Driver, Pkcs15Loader.EfDirPath.Hex);
        return bytes is null ? null : Pkcs15Codec.DecodeEfDir(bytes, "EF.DIR " + Pkcs15Loader.EfDirPath.Hex);
    }

    /// <summary>Rewrites EF.DIR with the application label changed.</summary>
    public void WriteEfDir(EfDir dir)
    {
        WriteStructureFile(Pkcs15Loader.EfDirPath, Pkcs15Codec.EncodeEfDir(dir), "EF.DIR");
        var template = dir.FindApplication(EfDir.Pkcs15Aid);
        Application = Application with { EfDir = dir, Application = template ?? Application.Application };
    }

    /// <summary>Everything up to here stays on the card; nothing is undone any more.</summary>
    public void Commit() => _undo.Clear();

    /// <summary>
    /// Commits, then records the change in TokenInfo lastUpdate. A failure there is reported as
    /// <see cref="PersonalisationError.Incomplete"/> (the change itself is on the card).
    /// </summary>
    public void CommitAndTouch(string what, Func<Pkcs15Application, Card.Pkcs15Card> snapshot)
    {
        Commit();
        try
        {
            TouchTokenInfo();
        }
        catch (Exception e) when (e is CardException or Cards.Transport.CardTransportException or PersonalisationException)
        {
            throw new PersonalisationException(PersonalisationError.Incomplete,
                $"{what} is on the card, but TokenInfo lastUpdate could not be updated: {e.Message}", e, snapshot(Application));
        }
    }

    /// <summary>
    /// Undoes the uncommitted steps after <paramref name="failure"/> (best effort, newest first). Returns null
    /// when the card is back as it was (the caller rethrows the failure), otherwise an
    /// <see cref="PersonalisationError.Incomplete"/> error naming what is left.
    /// </summary>
    public PersonalisationException? RollBack(Exception failure)
    {
        var left = new List<string>();
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            try
            {
                _undo[i].Undo();
            }
            catch (Exception e) when (e is CardException or Cards.Transport.CardTransportException or PersonalisationException)
            {
                left.Add(_undo[i].What);
                Log.Info(Component, $"could not undo {_undo[i].What}: {e.Message}");
            }
        }
        _undo.Clear();
        if (left.Count == 0)
            return null;
        return new PersonalisationException(PersonalisationError.Incomplete,
            $"{failure.Message}; could not undo: {string.Join(", ", left)} (unreferenced files are reclaimed by the next write)", failure);
    }

    private void OnUndo(string what, Action undo) => _undo.Add((what, undo));

    private void WriteStructureFile(Pkcs15Path pkcs15Path, byte[] content, string what)
    {
        var path = ToCardPath(pkcs15Path);
        var size = FileSize(path);
        if (content.Length > size)
            throw new PersonalisationException(PersonalisationError.InvalidRequest,
                $"the new {what} needs {content.Length} bytes but its file ({path}) has {size}: use a shorter label");
        _writer.WritePadded(path, content, size);
    }

    /// <summary>Creates a missing directory file from the profile and lists it in the ODF (the ODF entry is the commit).</summary>
    private Pkcs15DirectoryFile CreateDirectory(DirectoryKind kind)
    {
        var layout = Profile.LayoutOf(kind);
        var listed = Application.PathOf(kind);
        var path = listed is not null ? ToCardPath(listed) : ApplicationDf.Append(layout.FileId);
        if (!Exists(path))
            Driver.CreateFile(path.Parent ?? ApplicationDf, FileSpec.TransparentEf(path.FileId, layout.Size, layout.Acl));
        var pkcs15Path = Pkcs15Path.Parse(path.ToString());
        if (listed is null)
        {
            var odfPath = ToCardPath(Application.OdfPath);
            var odf = Driver.ReadFile(odfPath, ContentLength.BerTlvObjects);
            var used = EntrySpans.Of(odf).LastOrDefault().End;
            var entry = new OdfEntry(kind, pkcs15Path);
            _writer.Append(odfPath, FileSize(odfPath), used, Pkcs15Codec.EncodeOdf(new Odf { Entries = [entry] }), "ODF");
            Application = Application with { Odf = Application.Odf with { Entries = ValueList.From(Application.Odf.Entries.Append(entry)) } };
        }
        var dir = new Pkcs15DirectoryFile { Kind = kind, Path = pkcs15Path };
        Application = Application.WithDirectory(dir) with { MissingFiles = ValueList.From(Application.MissingFiles.Where(p => p != pkcs15Path)) };
        return dir;
    }

    private bool Exists(CardPath path)
    {
        try
        {
            _sizes[path] = Driver.SelectFile(path).Size ?? 0;
            return true;
        }
        catch (CardException e) when (e.Error == CardError.FileNotFound)
        {
            return false;
        }
    }

    /// <summary>FIDs of the files the entries point to (value paths inside the application DF).</summary>
    private HashSet<ushort> ReferencedFileIds()
    {
        var ids = new HashSet<ushort>();
        foreach (var obj in Application.AllObjects)
        {
            var value = obj switch
            {
                PrivateKeyObject k => k.Value,
                PublicKeyObject k => k.Value,
                CertificateObject c => c.Value,
                DataObject d => d.Value,
                _ => null,
            };
            if (value?.Path is { } p && Application.Resolve(p).FileId is { } fid)
                ids.Add(fid);
        }
        foreach (var dir in Application.Directories)
            if (dir.Path.FileId is { } fid)
                ids.Add(fid);
        return ids;
    }
}
