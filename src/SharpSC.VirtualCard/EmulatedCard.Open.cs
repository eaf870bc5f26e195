using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Runtime;
using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard;

/// <summary>Making cards: blank ones from an applet list, and cards restored from state files.</summary>
public partial class EmulatedCard
{
    /// <summary>A blank card that lives in memory, carrying <paramref name="applets"/> ("v1", "piv,openpgp").</summary>
    /// <exception cref="ArgumentException">An unknown applet, one listed twice, or applets that cannot share a card.</exception>
    public static EmulatedCard Create(string applets, EmulatedCardOptions? options = null) =>
        new(Blank(AppletCatalog.ParseList(applets, AppletCatalog.All), options, null));

    /// <summary>Loads a card from a state file (which must exist). The card is not bound to the file.</summary>
    /// <exception cref="CardStateException">The file is corrupt, of an unknown format, unreadable, or holds an unknown applet.</exception>
    public static EmulatedCard Load(string path, EmulatedCardOptions? options = null) =>
        Load(path, options, AppletCatalog.All, c => new EmulatedCard(c));

    /// <summary>
    /// Opens the card stored in <paramref name="path"/>, or creates a blank card carrying <paramref name="applets"/>
    /// there when the file does not exist. <paramref name="applets"/> null means: what the file holds, or
    /// <see cref="AppletCatalog.DefaultApplets"/> for a new card. The card saves itself atomically after every
    /// persistent change.
    /// </summary>
    /// <exception cref="ArgumentException">The applet list is wrong (unknown, twice, cannot share a card); no file was touched.</exception>
    /// <exception cref="CardStateException">The file is unusable or holds other applets; it is left untouched.</exception>
    public static EmulatedCard OpenOrCreate(string path, string? applets, EmulatedCardOptions? options = null) =>
        Open(path, applets, options, AppletCatalog.All, c => new EmulatedCard(c));

    /// <summary>What a card is made of before it exists: its applets and their change tracker.</summary>
    internal sealed record CardContents(IReadOnlyList<IApplet> Applets, ChangeTracker Changes, EmulatedCardOptions? Options, string? StatePath,
        byte[] DefaultAtr);

    internal static CardContents Blank(IReadOnlyList<AppletKind> kinds, EmulatedCardOptions? options, string? statePath)
    {
        var changes = new ChangeTracker();
        var environment = EnvironmentFor(changes, options, kinds.Count == 1);
        return new CardContents(kinds.Select(k => k.CreateBlank(environment)).ToList(), changes, options, statePath, kinds[0].DefaultAtr);
    }

    internal static T Load<T>(string path, EmulatedCardOptions? options, IReadOnlyList<AppletKind> catalog,
        Func<CardContents, T> construct) where T : EmulatedCard
    {
        var bytes = ReadState(path) ?? throw new CardStateException($"state file {path} does not exist");
        return Construct(Restore(Decode(bytes, path), path, options, null, catalog), path, construct);
    }

    internal static T Open<T>(string path, string? applets, EmulatedCardOptions? options, IReadOnlyList<AppletKind> catalog,
        Func<CardContents, T> construct) where T : EmulatedCard
    {
        var requested = applets == null ? null : AppletCatalog.ParseList(applets, catalog);
        var stale = CardStateStore.RemoveStaleTemporaryFiles(path);
        if (stale > 0) options?.Log?.Invoke($"removed {stale} temporary file(s) of interrupted saves of {path}");
        var full = Path.GetFullPath(path);
        var bytes = ReadState(path);
        if (bytes == null)
        {
            var blank = construct(Blank(requested ?? AppletCatalog.ParseList(AppletCatalog.DefaultApplets, catalog), options, full));
            blank.Save(path);
            return blank;
        }
        var saved = Decode(bytes, path);
        if (requested != null) saved = InRequestedOrder(saved, requested, path);
        return Construct(Restore(saved, path, options, full, catalog), path, construct);
    }

    /// <summary>A card from a state file; applets that cannot share a card (a crafted file) refuse the file.</summary>
    private static T Construct<T>(CardContents contents, string path, Func<CardContents, T> construct) where T : EmulatedCard
    {
        try
        {
            return construct(contents);
        }
        catch (ArgumentException e)
        {
            throw new CardStateException($"refusing state file {path}: {e.Message} (the file was left untouched)", e);
        }
    }

    /// <summary>The saved applets in the order --applet names them; a file holding other applets is refused.</summary>
    private static IReadOnlyList<SavedApplet> InRequestedOrder(IReadOnlyList<SavedApplet> saved, IReadOnlyList<AppletKind> requested, string path)
    {
        var held = AppletCatalog.Format(saved.Select(a => a.Kind));
        var ordered = requested.Select(k => saved.FirstOrDefault(a => string.Equals(a.Kind, k.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (saved.Count != requested.Count || ordered.Any(a => a == null))
            throw new CardStateException(
                $"state file {path} holds a card with {held}, not {AppletCatalog.Format(requested.Select(k => k.Name))}; use --applet {held} or another state file");
        return ordered!;
    }

    private static CardContents Restore(IReadOnlyList<SavedApplet> saved, string path, EmulatedCardOptions? options, string? statePath,
        IReadOnlyList<AppletKind> catalog)
    {
        var changes = new ChangeTracker();
        var environment = EnvironmentFor(changes, options, saved.Count == 1);
        var applets = new List<IApplet>();
        byte[]? atr = null;
        foreach (var s in saved)
        {
            var kind = AppletCatalog.Find(s.Kind, catalog)
                ?? throw new CardStateException($"refusing state file {path}: it holds applet '{s.Kind}', which this sharpsc-vcard does not know (the file was left untouched)");
            IApplet applet;
            try
            {
                applet = kind.Restore(s.State, environment);
            }
            catch (Exception e)
            {
                throw new CardStateException($"refusing state file {path}: the state of applet {kind.Name} is invalid: {e.Message} (the file was left untouched)", e);
            }
            if (applet.Kind != kind.Name)
                throw new CardStateException($"refusing state file {path}: the state recorded as applet {kind.Name} holds applet {applet.Kind} (the file was left untouched)");
            applets.Add(applet);
            atr ??= kind.DefaultAtr;
        }
        return new CardContents(applets, changes, options, statePath, atr ?? CardAtr.Default);
    }

    private static AppletEnvironment EnvironmentFor(ChangeTracker changes, EmulatedCardOptions? options, bool alone) =>
        new(changes, options?.MemoryCapacity ?? MemoryBudget.DefaultCapacity, options?.Log ?? (_ => { }), alone);

    private static byte[]? ReadState(string path)
    {
        try
        {
            return CardStateStore.ReadIfExists(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CardStateException($"cannot read state file {path}: {e.Message}", e);
        }
    }

    private static IReadOnlyList<SavedApplet> Decode(byte[] bytes, string path)
    {
        try
        {
            return CardStateCodec.Decode(bytes);
        }
        catch (CardStateException e)
        {
            throw new CardStateException($"refusing state file {path}: {e.Message} (the file was left untouched)", e);
        }
    }
}
