using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Runtime;

/// <summary>
/// One application installed on an emulated card: a Java Card applet (IsoApplet, PIV, OpenPGP) or the
/// card's own application (MyEID). The card's runtime owns the APDU decoding, the applet selection, the
/// response shaping and the persistence; an applet only answers the commands sent to it while selected.
/// Applets share no code with the drivers in SharpSC.Cards (an emulator that reuses a driver's encoders
/// cannot catch that driver's mistakes).
/// </summary>
internal interface IApplet
{
    /// <summary>
    /// The instance AID. SELECT by name (P1 04) selects the applet when the AID in the command equals it
    /// or is a prefix of it of at least 5 bytes (partial AID selection, ISO/IEC 7816-4 §7.1.1: PIV hosts
    /// send A0 00 00 03 08, OpenPGP hosts D2 76 00 01 24 01).
    /// </summary>
    byte[] Aid { get; }

    /// <summary>The name `sharpsc-vcard --applet` uses and the state file records ("v0", "v1", "piv", "openpgp", "myeid").</summary>
    string Kind { get; }

    /// <summary>
    /// The applet is selected after every reset without a SELECT (a card's default application): the runtime
    /// calls <see cref="Select"/> with a SELECT of <see cref="Aid"/> and discards the answer. At most one per card.
    /// </summary>
    bool DefaultSelected { get; }

    /// <summary>Extended-length APDUs reach the applet (javacardx.apdu.ExtendedLength); otherwise the runtime answers 6700.</summary>
    bool AcceptsExtendedLength { get; }

    /// <summary>What the runtime does with a response that is longer than a short command's Ne.</summary>
    ResponseShaping Shaping { get; }

    /// <summary>select() followed by process() of the selecting APDU: the answer to SELECT (FCI, application property template ...).</summary>
    Response Select(CommandApdu select);

    /// <summary>Another applet was selected, or the card was reset: transient state of the session ends.</summary>
    void Deselect();

    /// <summary>
    /// Any command while the applet is selected (including SELECT FILE by FID or path, and SELECT by AID of
    /// an AID no applet has). Status words leave as <see cref="IsoException"/>; any other exception is an
    /// uncaught applet exception and becomes 6F00.
    /// </summary>
    Response Process(CommandApdu command);

    /// <summary>
    /// The persistent state in the applet's own versioned encoding (start it with a version byte); restored by
    /// its row in <see cref="AppletCatalog"/>. The card calls it after every command during which the applet
    /// called <see cref="ChangeTracker.Mark"/>, and writes the state file before the answer leaves.
    /// </summary>
    byte[] SaveState();
}

/// <summary>How a short command's long response leaves the card.</summary>
internal enum ResponseShaping
{
    /// <summary>Ne bytes with 61xx; the rest through GET RESPONSE (ISO/IEC 7816-4 §5.3.4; PIV, MyEID, IsoApplet v0).</summary>
    GetResponseChunks,

    /// <summary>A short command cannot carry more than 256 response bytes: 6F00 (Java Card ExtendedLength applets, IsoApplet v1).</summary>
    RefuseLongShortResponse,
}
