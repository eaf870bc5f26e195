using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// The IsoApplet (philipWendland/IsoApplet) in its two generations: v0 (API 00.06) and v1 (API 01.00).
/// process(): class byte checks, v0 command chaining and pending GET RESPONSE rules, then the
/// instruction dispatch.
/// </summary>
internal sealed class IsoApplet : IApplet
{
    public static readonly byte[] InstanceAid = [0xF2, 0x76, 0xA2, 0x88, 0xBC, 0xFB, 0xA6, 0x9D, 0x34, 0xF3, 0x10, 0x01];

    private readonly AppletState _s;
    private readonly FileSystemCommands _files;
    private readonly PinCommands _pins;
    private readonly SecurityEnvironmentCommand _mse;
    private readonly KeyGenerationCommand _generate;
    private readonly PerformSecurityOperationCommand _pso;
    private readonly KeyImportCommand _import;
    private readonly DataCommands _data;

    private IsoApplet(AppletState state)
    {
        _s = state;
        _files = new FileSystemCommands(state.Fs, state.Changes);
        _pins = new PinCommands(state);
        _mse = new SecurityEnvironmentCommand(state);
        _generate = new KeyGenerationCommand(state);
        _pso = new PerformSecurityOperationCommand(state);
        _import = new KeyImportCommand(state);
        _data = new DataCommands(state);
    }

    /// <summary>A freshly installed applet: no PIN, no PUK, only the MF, <paramref name="memoryCapacity"/> bytes of free memory.</summary>
    public IsoApplet(AppletVersion version, ChangeTracker changes, int memoryCapacity = MemoryBudget.DefaultCapacity)
        : this(BlankState(version, changes, memoryCapacity))
    {
    }

    /// <summary>The applet as <see cref="SaveState"/> left it.</summary>
    public static IsoApplet Restore(byte[] state, ChangeTracker changes) => new(IsoAppletStateCodec.Decode(state, changes));

    /// <summary>The name --applet and the state file give each generation.</summary>
    public static string KindOf(AppletVersion version) => version == AppletVersion.V0 ? "v0" : "v1";

    public AppletVersion Version => _s.Profile.Version;

    public byte[] Aid => (byte[])InstanceAid.Clone();

    public string Kind => KindOf(Version);

    /// <summary>Installed on a JCOP card next to the card manager, which is the default applet.</summary>
    public bool DefaultSelected => false;

    /// <summary>The applet implements javacardx.apdu.ExtendedLength (v1 only in this emulation).</summary>
    public bool AcceptsExtendedLength => _s.Profile.ExtendedLength;

    /// <summary>
    /// v1 (an extended-length applet): a short command cannot carry more than 256 response bytes. v0: the
    /// runtime chains with 61xx when Le asks for fewer bytes than the data.
    /// </summary>
    public ResponseShaping Shaping => _s.Profile.ExtendedLength ? ResponseShaping.RefuseLongShortResponse : ResponseShaping.GetResponseChunks;

    /// <summary>Selection: select() then process() of the SELECT command, which v0 answers with its version.</summary>
    public Response Select(CommandApdu select)
    {
        _s.OnSelect();
        var p = _s.Profile;
        return p.IsLegacy ? Response.Ok([p.ApiMajor, p.ApiMinor, p.Features]) : Response.Success;
    }

    public void Deselect() => _s.OnDeselect();

    public byte[] SaveState() => IsoAppletStateCodec.Encode(_s);

    public Response Process(CommandApdu c)
    {
        if (ClassByte.IsSecureMessaging(c.Cla)) throw IsoException.Of(StatusWords.SecureMessagingNotSupported);
        if (_s.Profile.IsLegacy)
        {
            CheckChaining(c);
        }
        else if (ClassByte.IsChaining(c.Cla))
        {
            throw IsoException.Of(StatusWords.ChainingNotSupported);
        }
        if (!ClassByte.IsInterindustry(c.Cla)) throw IsoException.Of(StatusWords.ClaNotSupported);
        return Dispatch(c);
    }

    private static AppletState BlankState(AppletVersion version, ChangeTracker changes, int memoryCapacity)
    {
        var budget = new MemoryBudget(memoryCapacity);
        var state = new AppletState(AppletProfile.For(version), changes, budget);
        budget.Restore(state.Fs.StorageCost);
        return state;
    }

    private Response Dispatch(CommandApdu c) => c.Ins switch
    {
        Instructions.Select => _files.Select(c),
        Instructions.ReadBinary => _files.ReadBinary(c),
        Instructions.UpdateBinary => _files.UpdateBinary(c),
        Instructions.CreateFile => _files.CreateFile(c),
        Instructions.DeleteFile => _files.DeleteFile(c),
        Instructions.Verify => _pins.Verify(c),
        Instructions.ChangeReferenceData => _pins.ChangeReferenceData(c),
        Instructions.ResetRetryCounter => _pins.ResetRetryCounter(c),
        Instructions.ManageSecurityEnvironment => _mse.Process(c),
        Instructions.PerformSecurityOperation => _pso.Process(c),
        Instructions.GenerateAsymmetricKeyPair => _generate.Process(c),
        Instructions.PutData => _import.Process(c),
        Instructions.GetChallenge => _data.GetChallenge(c),
        Instructions.GetData when !_s.Profile.IsLegacy => _data.GetData(c),
        Instructions.GetResponse when _s.Profile.IsLegacy => _data.GetResponse(c),
        _ => throw IsoException.Of(StatusWords.InsNotSupported),
    };

    /// <summary>
    /// v0: command chaining only for PSO, GENERATE and PUT DATA; a chain must keep INS and P1P2 (else 6900);
    /// while GET RESPONSE data is pending every other instruction is refused with 6900.
    /// </summary>
    private void CheckChaining(CommandApdu c)
    {
        var ram = _s.Ram;
        var chaining = ClassByte.IsChaining(c.Cla);
        if (ram.ChainIns != 0 || chaining)
        {
            var ins = (short)(sbyte)c.Ins;
            var p1p2 = (short)c.P1P2;
            if (c.Ins is not (Instructions.PerformSecurityOperation or Instructions.GenerateAsymmetricKeyPair or Instructions.PutData))
                throw IsoException.Of(StatusWords.ChainingNotSupported);
            if (ram.ChainIns == 0 && ram.ChainP1P2 == 0)
            {
                ram.ChainIns = ins;
                ram.ChainP1P2 = p1p2;
            }
            else if (ram.ChainIns != ins || ram.ChainP1P2 != p1p2)
            {
                throw IsoException.Of(StatusWords.CommandNotAllowedGeneral);
            }
            else if (!chaining)
            {
                ram.ChainIns = 0;
                ram.ChainP1P2 = 0;
            }
        }
        if (ram.BytesRemaining > 0 && c.Ins != Instructions.GetResponse)
            throw IsoException.Of(StatusWords.CommandNotAllowedGeneral);
    }
}
