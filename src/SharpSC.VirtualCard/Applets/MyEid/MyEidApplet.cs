using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// A MyEID 4.5 card as OpenSC's myeid driver and pkcs15-init see it (the card's own application, selected after
/// reset; SELECT of A0 00 00 00 63 50 4B 43 53 2D 31 35 selects DF 5015). Short APDUs, command chaining (CLA 10)
/// for long data, 61xx + GET RESPONSE for long answers. A command without Le gets no response data, as on the
/// card. Persistent state: <see cref="SaveState"/> / <see cref="Restore"/>.
/// </summary>
internal sealed class MyEidApplet : IApplet
{
    public const string KindName = "myeid";

    private readonly MyEidCardState _state;
    private readonly MyEidSession _session = new();
    private readonly MyEidFileCommands _files;
    private readonly MyEidPinCommands _pins;
    private readonly MyEidCryptoCommands _crypto;
    private readonly MyEidDataCommands _data;

    /// <summary>A blank card (MF and 5015, no PINs, creation state) with a random serial number.</summary>
    public MyEidApplet(ChangeTracker changes) : this(MyEidCardState.Blank(), changes)
    {
    }

    public MyEidApplet(MyEidCardState state, ChangeTracker changes)
    {
        _state = state;
        var access = new MyEidAccess(state, _session);
        _files = new MyEidFileCommands(state, _session, access, changes);
        _pins = new MyEidPinCommands(state, _session, access, changes);
        _crypto = new MyEidCryptoCommands(_session, access, _files);
        _data = new MyEidDataCommands(state, _session, access, _files, _pins);
        _session.Reset(state.MasterFile);
    }

    public byte[] Aid => ApplicationAid;

    /// <summary>The PKCS#15 AID, the name of DF 5015.</summary>
    public static byte[] ApplicationAid => (byte[])MyEidConstants.Aid.Clone();
    public string Kind => KindName;
    public bool DefaultSelected => true;
    public bool ReselectKeepsSession => true;
    public bool AcceptsExtendedLength => false;
    public ResponseShaping Shaping => ResponseShaping.GetResponseChunks;

    /// <summary>The card's ATR (OsEID's; OpenSC 0.23 matches the historical bytes "OsEID").</summary>
    public static byte[] DefaultAtr => (byte[])MyEidConstants.DefaultAtr.Clone();

    /// <summary>The persistent state, for tests and tools that look inside the card.</summary>
    internal MyEidCardState State => _state;

    /// <summary>
    /// SELECT by AID (the whole AID or a prefix of it): selects DF 5015, whose name it is, and answers its FCI when
    /// Le is present. The session (verified PINs) is kept, as on the card.
    /// </summary>
    public Response Select(CommandApdu select)
    {
        var r = _files.SelectApplication(select.P2);
        return select.HasLe ? r : Response.Status(r.StatusWord);
    }

    public void Deselect() => _session.Reset(_state.MasterFile);

    public Response Process(CommandApdu command)
    {
        var r = Dispatch(command);
        // Without Le the card sends no data (ISO 7816-3 case 1 / 3 commands).
        return command.HasLe || r.Data.Length == 0 ? r : Response.Status(r.StatusWord);
    }

    public byte[] SaveState() => MyEidStateCodec.Encode(_state);

    /// <summary>The card saved by <see cref="SaveState"/>; InvalidDataException when the bytes are not such a state.</summary>
    public static MyEidApplet Restore(byte[] saved, ChangeTracker changes) => new(MyEidStateCodec.Decode(saved), changes);

    private Response Dispatch(CommandApdu c)
    {
        var cla = c.Cla;
        if (cla == 0xA0 && c.Ins == MyEidIns.DeleteFile) cla = 0x00; // OpenSC's myeid driver sends DELETE FILE with CLA A0
        if (cla is not (0x00 or 0x10))
        {
            _session.ChainIns = 0;
            _session.ChainData.Clear();
            return Response.Status(cla == 0x80 ? StatusWords.FunctionNotSupported : StatusWords.ClaNotSupported);
        }
        if (c.Ins == MyEidIns.GetResponse)
            return Response.Status(StatusWords.ConditionsNotSatisfied); // nothing pending (the runtime answers pending data)

        byte[] data;
        if (cla == 0x10)
            return Response.Status(Chain(c));
        if (_session.ChainIns != 0)
        {
            var ins = _session.ChainIns;
            _session.ChainIns = 0;
            if (ins != c.Ins || c.Lc == 0 || _session.ChainData.Count + c.Lc > MyEidConstants.MaxChainedData)
            {
                _session.ChainData.Clear();
                return Response.Status(ins != c.Ins ? StatusWords.LastCommandOfChainExpected : StatusWords.WrongLength);
            }
            data = [.. _session.ChainData, .. c.Data];
            _session.ChainData.Clear();
        }
        else
        {
            data = c.Data;
        }
        if (c.HasLe && c.Ins is MyEidIns.Verify or MyEidIns.ManageSecurityEnvironment or MyEidIns.ChangeReferenceData
                or MyEidIns.ResetRetryCounter or MyEidIns.Deauthenticate or MyEidIns.Activate or MyEidIns.UpdateBinary
                or MyEidIns.PutData or MyEidIns.CreateFile or MyEidIns.DeleteFile or MyEidIns.EraseBinary)
            return Response.Status(StatusWords.WrongLength); // commands that answer no data take no Le
        // Only the security operation and PUT DATA take more than 255 bytes (a chained cryptogram or key part).
        if (data.Length > 255 && c.Ins is not (MyEidIns.PerformSecurityOperation or MyEidIns.PutData))
            return Response.Status(StatusWords.WrongLength);

        return c.Ins switch
        {
            MyEidIns.Select => _files.Select(c),
            MyEidIns.ReadBinary => c.Ne == 0 ? Response.Status(StatusWords.WrongLength) : _files.ReadBinary(c),
            MyEidIns.UpdateBinary => c.Lc == 0 ? Response.Status(StatusWords.WrongLength) : _files.UpdateBinary(c),
            MyEidIns.EraseBinary => _files.EraseBinary(c),
            MyEidIns.CreateFile => c.Lc == 0 ? Response.Status(StatusWords.WrongLength) : _files.CreateFile(c),
            MyEidIns.DeleteFile => _files.DeleteFile(c),
            MyEidIns.Verify => _pins.Verify(c),
            MyEidIns.ChangeReferenceData => _pins.Change(c),
            MyEidIns.ResetRetryCounter => _pins.Unblock(c),
            MyEidIns.Deauthenticate => _pins.Deauthenticate(c),
            MyEidIns.ManageSecurityEnvironment => _crypto.ManageSecurityEnvironment(c),
            MyEidIns.PerformSecurityOperation => _crypto.PerformSecurityOperation(c, data),
            MyEidIns.GeneralAuthenticate => _crypto.Derive(c),
            MyEidIns.GenerateKey => _crypto.Generate(c),
            MyEidIns.GetChallenge => MyEidCryptoCommands.GetChallenge(c),
            MyEidIns.GetData => c.Ne == 0 ? Response.Status(StatusWords.WrongLength) : _data.GetData(c),
            MyEidIns.PutData => _data.PutData(c, data),
            MyEidIns.Activate => Activate(c),
            _ => Response.Status(StatusWords.InsNotSupported),
        };
    }

    // CLA 10: keep the data; every part answers 9000. A chain carries data and keeps its INS (else 6883).
    private ushort Chain(CommandApdu c)
    {
        ushort error = c.Lc == 0 ? StatusWords.WrongLength
            : _session.ChainIns != 0 && _session.ChainIns != c.Ins ? StatusWords.LastCommandOfChainExpected
            : _session.ChainData.Count + c.Lc > MyEidConstants.MaxChainedData ? StatusWords.WrongLength
            : StatusWords.Ok;
        if (error != StatusWords.Ok)
        {
            _session.ChainIns = 0;
            _session.ChainData.Clear();
            return error;
        }
        _session.ChainIns = c.Ins;
        _session.ChainData.AddRange(c.Data);
        return StatusWords.Ok;
    }

    // ACTIVATE APPLICATION (P1 04, the AID or nothing): the card becomes operational and its ACLs take effect.
    private Response Activate(CommandApdu c)
    {
        if (c.P1 != 0x04 || c.P2 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.Lc != 0 && !c.Data.AsSpan().SequenceEqual(MyEidConstants.Aid)) throw IsoException.Of(StatusWords.FileNotFound);
        if (!_state.IsOperational)
        {
            _state.LifeCycle = MyEidConstants.LifeCycleOperational;
            _files.Changed();
        }
        return Response.Success;
    }
}
