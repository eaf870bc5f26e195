using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// The PIV application of a YubiKey 5 (firmware 5.4 behaviour, reporting 5.4.3): the SP 800-73-4 Part 2
/// card commands and Yubico's extensions (version, serial, metadata, key import, management key, PIN
/// retries, reset, attestation). Long answers leave through the runtime's 61xx / GET RESPONSE; long
/// commands arrive chained (CLA 10) or extended.
/// </summary>
internal sealed partial class PivApplet : IApplet
{
    private const byte ClaChain = 0x10;
    private const int MaxChainedData = 4096;

    private readonly ChangeTracker _changes;
    private PivCardState _state;

    // Security status of the session (SP 800-73-4 Part 2 §3.2: reset on deselect and card reset).
    private bool _pinVerified;
    private bool _pinFresh; // verified since the last use of a PIN-always key
    private bool _managementAuthenticated;
    private byte[]? _pendingWitness;
    private byte[]? _pendingChallenge;

    // Command chaining (ISO/IEC 7816-4 §5.3.3): data of the links so far and the header they share.
    private List<byte>? _chain;
    private (byte Ins, byte P1, byte P2) _chainHeader;

    /// <summary>A blank YubiKey PIV application: factory PIN, PUK and management key, attestation key in F9.</summary>
    public PivApplet(ChangeTracker changes, uint? serial = null)
    {
        _changes = changes ?? throw new ArgumentNullException(nameof(changes));
        var s = serial ?? RandomSerial();
        _state = FactoryState(s);
        _changes.Mark();
    }

    private PivApplet(ChangeTracker changes, PivCardState state)
    {
        _changes = changes;
        _state = state;
    }

    /// <summary>Restores an applet from <see cref="SaveState"/> bytes; <see cref="InvalidDataException"/> with the reason otherwise.</summary>
    public static PivApplet Restore(ReadOnlySpan<byte> saved, ChangeTracker changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new PivApplet(changes, PivStateCodec.Decode(saved));
    }

    public const string KindName = "piv";

    public byte[] Aid => PivSpec.Aid;
    public string Kind => KindName;
    public bool DefaultSelected => false;
    public bool AcceptsExtendedLength => true;
    public ResponseShaping Shaping => ResponseShaping.GetResponseChunks;

    /// <summary>The serial number GET SERIAL answers.</summary>
    public uint Serial => _state.Serial;

    public byte[] SaveState() => PivStateCodec.Encode(_state);

    /// <summary>
    /// SELECT answers the application property template (SP 800-73-4 Part 2 §3.1.1) as a YubiKey 5 does:
    /// 61 { 4F PIX 00 00 10 00 01 00, 79 { 4F PIV AID } }.
    /// </summary>
    public Response Select(CommandApdu select)
    {
        Deselect();
        var inner = new List<byte>();
        PivTlv.Write(inner, 0x4F, PivSpec.Aid.AsSpan(5));
        PivTlv.Write(inner, 0x79, PivTlv.Encode(0x4F, PivSpec.Aid.AsSpan(0, 5)));
        return Response.Ok(PivTlv.Encode(0x61, inner.ToArray()));
    }

    public void Deselect()
    {
        _pinVerified = false;
        _pinFresh = false;
        _managementAuthenticated = false;
        _pendingWitness = null;
        _pendingChallenge = null;
        _chain = null;
    }

    public Response Process(CommandApdu command)
    {
        if ((command.Cla & ~ClaChain) != 0x00) throw IsoException.Of(StatusWords.ClaNotSupported);
        var data = Assemble(command);
        if (data == null) return Response.Success; // a link of a chain
        return command.Ins switch
        {
            PivSpec.InsSelect => throw IsoException.Of(StatusWords.FileNotFound),
            PivSpec.InsVerify => Verify(command, data),
            PivSpec.InsChangeReference => ChangeReference(command, data),
            PivSpec.InsResetRetryCounter => ResetRetryCounter(command, data),
            PivSpec.InsGenerateAsymmetric => Generate(command, data),
            PivSpec.InsGeneralAuthenticate => GeneralAuthenticate(command, data),
            PivSpec.InsGetData => GetData(command, data),
            PivSpec.InsPutData => PutData(command, data),
            PivSpec.InsGetMetadata => GetMetadata(command),
            PivSpec.InsGetSerial => Response.Ok([(byte)(_state.Serial >> 24), (byte)(_state.Serial >> 16), (byte)(_state.Serial >> 8), (byte)_state.Serial]),
            PivSpec.InsAttest => Attest(command),
            PivSpec.InsSetPinRetries => SetPinRetries(command),
            PivSpec.InsReset => Reset(command),
            PivSpec.InsGetVersion => Response.Ok((byte[])PivSpec.FirmwareVersion.Clone()),
            PivSpec.InsImportKey => ImportKey(command, data),
            PivSpec.InsSetManagementKey => SetManagementKey(command, data),
            _ => throw IsoException.Of(StatusWords.InsNotSupported),
        };
    }

    /// <summary>
    /// Joins chained links: returns null for a link (CLA 10), the whole data for the last one. A chain broken by
    /// another instruction is dropped, as on a Java Card.
    /// </summary>
    private byte[]? Assemble(CommandApdu command)
    {
        var header = (command.Ins, command.P1, command.P2);
        if (_chain != null && _chainHeader != header) _chain = null;
        var chained = (command.Cla & ClaChain) != 0;
        if (!chained && _chain == null) return command.Data;
        _chain ??= [];
        _chainHeader = header;
        if (_chain.Count + command.Data.Length > MaxChainedData)
        {
            _chain = null;
            throw IsoException.Of(StatusWords.WrongLength);
        }
        _chain.AddRange(command.Data);
        if (chained) return null;
        var whole = _chain.ToArray();
        _chain = null;
        return whole;
    }

    private void RequireManagementKey()
    {
        if (!_managementAuthenticated) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }

    private void RequirePin()
    {
        if (!_pinVerified) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }

    private void Persist() => _changes.Mark();

    private static uint RandomSerial()
    {
        var b = CardRandom.Bytes(4);
        // Eight decimal digits below 2^31, as YubiKey 5 serials are.
        return 10_000_000 + (uint)((b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) & 0x7FFFFFFF) % 90_000_000;
    }

    private static PivCardState FactoryState(uint serial)
    {
        var state = new PivCardState(serial, PivPin.Factory(PivSpec.DefaultPin), PivPin.Factory(PivSpec.DefaultPuk), PivManagementKey.FactoryDefault());
        var (key, certificate) = PivAttestation.CreateFactoryKey(serial);
        state.Keys[PivSpec.SlotAttestation] = key;
        state.Objects[PivSpec.ObjAttestationCert] = PivAttestation.Container(certificate);
        return state;
    }
}
