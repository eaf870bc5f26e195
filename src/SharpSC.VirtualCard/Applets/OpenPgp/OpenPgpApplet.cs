using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// The OpenPGP application, version 3.4 ("Functional Specification of the OpenPGP application on ISO Smart
/// Card Operating Systems" 3.4.1), as an applet of the emulated card: three keys (RSA-2048/3072/4096, NIST
/// P-256/384/521, Ed25519, X25519), PW1/PW3/resetting code, the data objects GnuPG and OpenSC read and write,
/// command chaining and extended length as its historical bytes announce, and the life cycle
/// TERMINATE DF / ACTIVATE FILE (factory reset).
/// </summary>
internal sealed class OpenPgpApplet : IApplet
{
    public const string KindName = "openpgp";

    private readonly ChangeTracker _changes;
    private readonly SessionState _session = new();
    private OpenPgpState _state;
    private DataObjectCommands _data = null!;
    private PasswordCommands _passwords = null!;
    private KeyCommands _keys = null!;
    private SecurityCommands _security = null!;

    /// <summary>A card as delivered, with a random serial number.</summary>
    public OpenPgpApplet(ChangeTracker changes, bool defaultSelected = false)
        : this(OpenPgpState.Blank(), changes, defaultSelected)
    {
    }

    public OpenPgpApplet(OpenPgpState state, ChangeTracker changes, bool defaultSelected = false)
    {
        _changes = changes;
        DefaultSelected = defaultSelected;
        _state = state;
        Bind();
    }

    /// <summary>Restores a card from <see cref="SaveState"/> bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state of this applet.</exception>
    public static OpenPgpApplet Restore(byte[] saved, ChangeTracker changes, bool defaultSelected = false) =>
        new(OpenPgpStateCodec.Decode(saved), changes, defaultSelected);

    /// <summary>D2 76 00 01 24 01: the fixed part of every OpenPGP card's AID (hosts select by it).</summary>
    public static byte[] AidPrefix => (byte[])PgpSpec.AidPrefix.Clone();

    /// <summary>The ATR of a standalone OpenPGP card (see <see cref="CardProfile.Atr"/>).</summary>
    public static byte[] DefaultAtr => CardProfile.Atr();

    public byte[] Aid => _state.Aid();

    public string Kind => KindName;

    /// <summary>
    /// False by default: as SmartPGP on a JavaCard (and the OpenPGP application of a YubiKey beside PIV), the card
    /// selects its card manager at reset and every host selects the application by AID. True for the applet alone on
    /// a card with a standalone OpenPGP card's ATR (`--applet openpgp`): such a card has its application selected at reset.
    /// </summary>
    public bool DefaultSelected { get; }

    public bool AcceptsExtendedLength => true;

    public ResponseShaping Shaping => ResponseShaping.GetResponseChunks;

    internal OpenPgpState State => _state;

    /// <summary>SELECT answers no data (as OpenPGP cards do); 6285 while the application is terminated.</summary>
    public Response Select(CommandApdu select)
    {
        _session.Clear();
        return _state.Terminated ? Response.Status(PgpSpec.TerminatedState) : Response.Success;
    }

    public void Deselect() => _session.Clear();

    public Response Process(CommandApdu c)
    {
        if (ClassByte.IsSecureMessaging(c.Cla)) throw IsoException.Of(StatusWords.SecureMessagingNotSupported);
        if ((c.Cla & ~0x10) != 0x00) throw IsoException.Of(StatusWords.ClaNotSupported);
        if (c.Ins == PgpSpec.Ins.SelectFile) return SelectFile(c);
        if (_state.Terminated)
            return c.Ins == PgpSpec.Ins.ActivateFile ? Activate(c) : Response.Status(PgpSpec.TerminatedState);
        var command = Gather(c);
        return command == null ? Response.Success : Dispatch(command);
    }

    public byte[] SaveState() => OpenPgpStateCodec.Encode(_state);

    private Response Dispatch(CommandApdu c) => c.Ins switch
    {
        PgpSpec.Ins.GetData => _data.GetData(c),
        PgpSpec.Ins.GetNextData => _data.GetNextData(c),
        PgpSpec.Ins.SelectData => _data.SelectData(c),
        PgpSpec.Ins.PutData => _data.PutData(c),
        PgpSpec.Ins.PutDataOdd => _keys.Import(c),
        PgpSpec.Ins.Verify => _passwords.Verify(c),
        PgpSpec.Ins.ChangeReferenceData => _passwords.ChangeReferenceData(c),
        PgpSpec.Ins.ResetRetryCounter => _passwords.ResetRetryCounter(c),
        PgpSpec.Ins.GenerateAsymmetricKeyPair => _keys.Generate(c),
        PgpSpec.Ins.PerformSecurityOperation => _security.PerformSecurityOperation(c),
        PgpSpec.Ins.InternalAuthenticate => _security.InternalAuthenticate(c),
        PgpSpec.Ins.ManageSecurityEnvironment => _security.ManageSecurityEnvironment(c),
        PgpSpec.Ins.GetChallenge => SecurityCommands.GetChallenge(c),
        PgpSpec.Ins.TerminateDf => Terminate(c),
        PgpSpec.Ins.ActivateFile => Activate(c),
        _ => throw IsoException.Of(StatusWords.InsNotSupported),
    };

    /// <summary>
    /// Command chaining (CLA b5): the data of a chain is gathered and the command runs once, on the last link.
    /// Every link must repeat INS P1 P2 (6883 otherwise, ISO 7816-4 §5.3.3).
    /// </summary>
    private CommandApdu? Gather(CommandApdu c)
    {
        var chaining = ClassByte.IsChaining(c.Cla);
        var header = (c.Ins, c.P1, c.P2);
        if (_session.ChainHeader is { } open && open != header)
        {
            _session.ChainHeader = null;
            _session.ChainData.Clear();
            throw IsoException.Of(PgpSpec.LastCommandOfChainExpected);
        }
        if (!chaining && _session.ChainHeader == null)
        {
            if (c.Lc > CardProfile.MaxCommandData) throw IsoException.Of(StatusWords.WrongLength);
            return c;
        }
        if (_session.ChainData.Count + c.Lc > CardProfile.MaxChainedData)
        {
            _session.ChainHeader = null;
            _session.ChainData.Clear();
            throw IsoException.Of(StatusWords.WrongLength);
        }
        _session.ChainData.AddRange(c.Data);
        if (chaining)
        {
            _session.ChainHeader = header;
            return null;
        }
        var data = _session.ChainData.ToArray();
        _session.ChainHeader = null;
        _session.ChainData.Clear();
        return Reassemble(c, data);
    }

    /// <summary>The whole chain as one command (extended form, so that any length fits the decoder).</summary>
    private static CommandApdu Reassemble(CommandApdu last, byte[] data)
    {
        var raw = new List<byte>(data.Length + 10) { 0x00, last.Ins, last.P1, last.P2 };
        if (data.Length > 0)
        {
            raw.AddRange([0x00, (byte)(data.Length >> 8), (byte)data.Length]);
            raw.AddRange(data);
        }
        if (last.HasLe)
        {
            if (data.Length == 0) raw.Add(0x00);
            var le = last.Ne >= 65536 ? 0 : last.Ne;
            raw.AddRange([(byte)(le >> 8), (byte)le]);
        }
        return CommandApdu.TryParse(raw.ToArray()) ?? throw IsoException.Of(StatusWords.WrongLength);
    }

    /// <summary>SELECT FILE of anything but this application (the runtime routes its AID here): no such file.</summary>
    private static Response SelectFile(CommandApdu c) => throw IsoException.Of(StatusWords.FileNotFound);

    /// <summary>
    /// TERMINATE DF (§7.2.16): allowed after VERIFY of PW3, or when PW3 is blocked (GnuPG's factory reset blocks
    /// PW1 and PW3 with wrong values first). Until ACTIVATE FILE every other command answers 6285.
    /// </summary>
    private Response Terminate(CommandApdu c)
    {
        if (c.P1P2 != 0x0000) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!_session.Pw3 && !_state.Pw3.IsBlocked) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        _state.Terminated = true;
        _session.Clear();
        _changes.Mark();
        return Response.Success;
    }

    /// <summary>ACTIVATE FILE (§7.2.17): a terminated application comes back as delivered (same serial); otherwise nothing happens.</summary>
    private Response Activate(CommandApdu c)
    {
        if (c.P1P2 != 0x0000) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!_state.Terminated) return Response.Success;
        _state = new OpenPgpState(_state.Manufacturer, _state.Serial);
        _session.Clear();
        Bind();
        _changes.Mark();
        return Response.Success;
    }

    private void Bind()
    {
        _data = new DataObjectCommands(_state, _session, _changes);
        _passwords = new PasswordCommands(_state, _session, _changes);
        _keys = new KeyCommands(_state, _session, _changes);
        _security = new SecurityCommands(_state, _session, _changes);
    }
}
