using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applet;

/// <summary>
/// The IsoApplet's process(): class byte checks, v0 command chaining and pending GET RESPONSE rules,
/// then the instruction dispatch.
/// </summary>
internal sealed class IsoApplet
{
    public static readonly byte[] Aid = [0xF2, 0x76, 0xA2, 0x88, 0xBC, 0xFB, 0xA6, 0x9D, 0x34, 0xF3, 0x10, 0x01];

    private readonly AppletState _s;
    private readonly FileSystemCommands _files;
    private readonly PinCommands _pins;
    private readonly SecurityEnvironmentCommand _mse;
    private readonly KeyGenerationCommand _generate;
    private readonly PerformSecurityOperationCommand _pso;
    private readonly KeyImportCommand _import;
    private readonly DataCommands _data;

    public IsoApplet(AppletState state)
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

    /// <summary>The applet implements javacardx.apdu.ExtendedLength (v1 only in this emulation).</summary>
    public bool AcceptsExtendedLength => _s.Profile.ExtendedLength;

    /// <summary>Selection: select() then process() of the SELECT command, which v0 answers with its version.</summary>
    public Response Select()
    {
        _s.OnSelect();
        var p = _s.Profile;
        return p.IsLegacy ? Response.Ok([p.ApiMajor, p.ApiMinor, p.Features]) : Response.Success;
    }

    public void Deselect() => _s.OnDeselect();

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
