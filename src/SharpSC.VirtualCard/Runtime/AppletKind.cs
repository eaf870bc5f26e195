using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Runtime;

/// <summary>
/// One row of the <see cref="AppletCatalog"/>: an applet `sharpsc-vcard --applet` can install, how to
/// install it blank, how to restore it from the bytes its <see cref="IApplet.SaveState"/> wrote, and the
/// ATR of a card that carries it first.
/// </summary>
public sealed class AppletKind
{
    private readonly byte[] _aid;
    private readonly byte[] _defaultAtr;

    internal AppletKind(string name, string title, string description, byte[] aid, byte[] defaultAtr,
        Func<AppletEnvironment, IApplet> createBlank, Func<byte[], AppletEnvironment, IApplet> restore)
    {
        Name = name;
        Title = title;
        Description = description;
        _aid = aid;
        _defaultAtr = CardAtr.Validate(defaultAtr);
        CreateBlank = createBlank;
        Restore = restore;
    }

    /// <summary>The name --applet takes and the state file records ("v1", "piv" ...).</summary>
    public string Name { get; }

    /// <summary>A few words for log lines ("IsoApplet v1", "PIV").</summary>
    public string Title { get; }

    /// <summary>One line for --help.</summary>
    public string Description { get; }

    /// <summary>
    /// The instance AID (equals <see cref="IApplet.Aid"/> of the applets this row creates, or its fixed start when
    /// each card's AID carries its own serial number, as OpenPGP's does).
    /// </summary>
    public byte[] Aid => (byte[])_aid.Clone();

    /// <summary>The answer-to-reset of a card whose first applet this is (unless --atr says otherwise).</summary>
    public byte[] DefaultAtr => (byte[])_defaultAtr.Clone();

    internal Func<AppletEnvironment, IApplet> CreateBlank { get; }

    internal Func<byte[], AppletEnvironment, IApplet> Restore { get; }

    public override string ToString() => $"{Name} ({Title}, AID {Hex.Format(_aid)})";
}
