using SharpSC.VirtualCard.Applets.IsoApplet;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard;

/// <summary>An emulated Java Card carrying only the IsoApplet (v0 or v1): the card most tests use.</summary>
public sealed class IsoAppletCard : EmulatedCard
{
    /// <summary>A blank card (no PIN, no PUK, only the MF) that lives in memory.</summary>
    public IsoAppletCard(AppletVersion version) : this(version, null)
    {
    }

    public IsoAppletCard(AppletVersion version, EmulatedCardOptions? options)
        : base(Blank([AppletCatalog.Find(IsoApplet.KindOf(version))!], options, null))
    {
    }

    private IsoAppletCard(CardContents contents) : base(contents)
    {
        if (contents.Applets is not [IsoApplet])
            throw new CardStateException(
                $"{contents.StatePath ?? "the state file"} holds a card with {AppletCatalog.Format(contents.Applets.Select(a => a.Kind))}, not an IsoApplet card");
    }

    public AppletVersion Version => ((IsoApplet)InstalledApplets[0]).Version;

    /// <summary>Loads an IsoApplet card from a state file (which must exist). The card is not bound to the file.</summary>
    /// <exception cref="CardStateException">The file is corrupt, of an unknown format, unreadable, or holds other applets.</exception>
    public static new IsoAppletCard Load(string path, EmulatedCardOptions? options = null) =>
        Load(path, options, AppletCatalog.All, c => new IsoAppletCard(c));

    /// <summary>
    /// Opens the card stored in <paramref name="path"/>, or creates a blank card of <paramref name="version"/>
    /// there when the file does not exist. The card saves itself atomically after every persistent change.
    /// </summary>
    /// <exception cref="CardStateException">The file is unusable or holds another card; it is left untouched.</exception>
    public static IsoAppletCard OpenOrCreate(string path, AppletVersion version, EmulatedCardOptions? options = null) =>
        Open(path, IsoApplet.KindOf(version), options, AppletCatalog.All, c => new IsoAppletCard(c));
}
