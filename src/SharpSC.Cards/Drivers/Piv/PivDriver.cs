using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Families;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>
/// Any PIV card (NIST SP 800-73-4), found by SELECT of the PIV AID; on a YubiKey the Yubico extensions
/// (version, serial, metadata, key import, management key, PIN retries, reset, attestation) when the card
/// answers them. Data objects through GET/PUT DATA, private keys through GENERAL AUTHENTICATE (raw RSA with
/// host padding, ECDSA on a host hash, ECDH). Nothing is read at detection beyond the SELECT: serial,
/// version, metadata and objects come when asked for, and are remembered for the driver's life.
/// </summary>
public sealed partial class PivDriver : CardDriver
{
    public const string DriverName = "PIV";

    /// <summary>ATRs of YubiKeys 4 and 5 (USB and NFC; yubico-piv-tool's table): extended APDUs work on them.</summary>
    public static IReadOnlyList<AtrPattern> YubiKeyAtrs { get; } =
    [
        AtrPattern.Parse("3B:F8:13:00:00:81:31:FE:15:59:75:62:69:6B:65:79:34:D4"),
        AtrPattern.Parse("3B:F8:13:00:00:81:31:FE:15:01:59:75:62:69:4B:65:79:C1"),
        AtrPattern.Parse("3B:FD:13:00:00:81:31:FE:15:80:73:C0:21:C0:57:59:75:62:69:4B:65:79:40"),
        AtrPattern.Parse("3B:8D:80:01:80:73:C0:21:C0:57:59:75:62:69:4B:65:79:F9"),
    ];

    /// <summary>The PIV PIN: key reference 80, 6–8 characters padded with FF to 8 (SP 800-73-4 Part 2 §2.4.3).</summary>
    public static PinReference Pin { get; } = new(PivConstants.PinReference, PivPinFormat, "PIN");

    /// <summary>The PUK (PIN unblocking key): key reference 81, same format.</summary>
    public static PinReference Puk { get; } = new(PukReference, PivPinFormat, "PUK");

    private static PinFormat PivPinFormat => new(6, 8, 8, 0xFF, true);

    private readonly bool _extended;
    private CardCapabilities? _capabilities;
    private (bool Known, byte[]? Value) _version;
    private (bool Known, uint? Value) _serial;

    private PivDriver(ApduChannel channel, PivApplicationInfo application, bool extended) : base(channel)
    {
        Application = application;
        _extended = extended;
        Channel.Options = new ApduChannelOptions { ExtendedLength = extended, CommandChaining = true, GetResponse = true };
        ApplicationSelected = true;
    }

    /// <summary>What SELECT answered (application property template).</summary>
    public PivApplicationInfo Application { get; }

    public override string Name => DriverName;

    /// <summary>"PIV" or, once GET VERSION answered, "YubiKey PIV 5.4.3"; reads nothing from the card.</summary>
    public override string Version => _version.Value is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"YubiKey PIV {v[0]}.{v[1]}.{v[2]}")
        : Application.Label ?? "PIV";

    public override CardCapabilities Capabilities => _capabilities ??= BuildCapabilities();

    /// <summary>
    /// Model "YubiKey PIV" (with the firmware once GET VERSION answered) or "PIV"; one PIN (80, 6–8 characters
    /// padded with FF, 3 tries at the factory), its PUK (81); the security officer is the management key (9B).
    /// Reads nothing from the card.
    /// </summary>
    public override TokenFacts Facts => new()
    {
        Model = _extended || IsYubiKey ? "YubiKey PIV" : "PIV",
        Firmware = _version.Value is { } v ? new CardVersion(v[0], v[1]) : default,
        Pins = PivPins,
    };

    private static PinFacts PivPins { get; } = new()
    {
        UserPin = Pin,
        UserPinFixed = true,
        UserPinTries = FactoryTries,
        Puk = new UnblockingCode(PivPinFormat, Puk.Name) { Reference = PukReference, Tries = FactoryTries },
        SecurityOfficer = SecurityOfficer.TheManagementKey,
    };

    /// <summary>PIN and PUK tries of a new YubiKey (SET PIN RETRIES changes them).</summary>
    private const int FactoryTries = 3;

    /// <summary>PIV has no file system; data objects are addressed by tag.</summary>
    protected override CardPath ApplicationPath => throw NotSupported("file access (PIV addresses data objects by tag)");

    /// <summary>
    /// Detects a PIV application with one SELECT (partial AID A0 00 00 03 08). A card whose ATR is a YubiKey's
    /// is driven with extended APDUs (one exchange per certificate); others with short APDUs, chaining and GET RESPONSE.
    /// </summary>
    public static PivDriver? TryConnect(ApduChannel channel, out string reason)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var select = channel.Transmit(SelectCommand());
        if (!select.IsSuccess && select.StatusWord != StatusWords.FileNotFound)
        {
            Log.Info(TraceComponent, $"SELECT PIV AID answered {select.StatusWord:X4}; asking once more");
            select = channel.Transmit(SelectCommand());
        }
        if (!select.IsSuccess)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"SELECT PIV AID answered {select.StatusWord:X4}");
            return null;
        }
        PivApplicationInfo application;
        try
        {
            application = PivApplicationInfo.Parse(select.Data);
        }
        catch (CardException e)
        {
            Log.Info(TraceComponent, $"PIV: the SELECT answer does not parse ({e.Message}); going on without it");
            application = PivApplicationInfo.Empty;
        }
        var atr = channel.Transport.Atr.ToArray();
        var yubiKey = YubiKeyAtrs.Any(p => p.Matches(atr));
        reason = yubiKey ? "PIV application selected (YubiKey ATR)" : "PIV application selected";
        var driver = new PivDriver(channel, application, yubiKey);
        // A token names itself by the serial: read in the finder's transaction, it needs no check of the selection later.
        if (yubiKey) driver.ReadSerial();
        return driver;
    }

    /// <summary>Connects to a PIV card or throws <see cref="CardException"/> (FileNotFound) saying why not.</summary>
    public static PivDriver Connect(ICardTransport transport) =>
        TryConnect(new ApduChannel(transport), out var reason)
        ?? throw new CardException(CardError.FileNotFound, $"No PIV application on the card in {transport.ReaderName}: {reason}.");

    private static CommandApdu SelectCommand() => new(0x00, InsSelect, 0x04, 0x00, AidPrefix, CommandApdu.MaxShortNe);

    /// <summary>Answer length to ask for: everything in one exchange on extended-length cards, else 256 and 61xx.</summary>
    private int OpenEndedNe => _extended ? CommandApdu.MaxExtendedNe : CommandApdu.MaxShortNe;

    /// <summary>Yubico GET VERSION (firmware major, minor, patch), or null when the card does not answer it (not a YubiKey).</summary>
    public byte[]? FirmwareVersion
    {
        get
        {
            if (_version.Known) return _version.Value;
            return Run("GET VERSION", () =>
            {
                var r = Channel.Transmit(new CommandApdu(0x00, InsGetVersion, 0x00, 0x00, ne: CommandApdu.MaxShortNe));
                _version = (true, r.IsSuccess && r.Data.Length == 3 ? r.Data : null);
                if (r.IsSuccess && r.Data.Length != 3)
                    Log.Info(TraceComponent, $"PIV: GET VERSION answered {r.Data.Length} bytes, not 3; not taken as a YubiKey");
                return _version.Value;
            });
        }
    }

    /// <summary>Yubico GET SERIAL (YubiKey 5), or null when the card does not answer it.</summary>
    public uint? YubicoSerial => _serial.Known ? _serial.Value : Run("GET SERIAL", ReadSerial);

    private uint? ReadSerial()
    {
        var r = Channel.Transmit(new CommandApdu(0x00, InsGetSerial, 0x00, 0x00, ne: CommandApdu.MaxShortNe));
        uint? serial = r.IsSuccess && r.Data.Length == 4 ? (uint)(r.Data[0] << 24 | r.Data[1] << 16 | r.Data[2] << 8 | r.Data[3]) : null;
        if (r.IsSuccess && serial == null)
            Log.Info(TraceComponent, $"PIV: GET SERIAL answered {r.Data.Length} bytes, not 4; ignored");
        _serial = (true, serial);
        _capabilities = null;
        return serial;
    }

    /// <summary>True when the card answered a Yubico extension (serial or version).</summary>
    public bool IsYubiKey => (_serial.Known && _serial.Value != null) || (_version.Known && _version.Value != null);

    /// <summary>
    /// What the card does. Key import, attestation and the management commands are Yubico extensions; whether a
    /// card has them shows when it answers (a plain PIV card answers 6D00). No RNG: PIV has no GET CHALLENGE.
    /// </summary>
    private CardCapabilities BuildCapabilities()
    {
        List<SignatureAlgorithm> rsaSign = [SignatureAlgorithm.RsaPkcs1];
        List<SignatureAlgorithm> ecSign = [SignatureAlgorithm.Ecdsa, SignatureAlgorithm.EcdsaSha1];
        return new CardCapabilities
        {
            Features = CardFeatures.KeyGeneration | CardFeatures.KeyImport | CardFeatures.Ecc | CardFeatures.CommandChaining
                       | (_extended ? CardFeatures.ExtendedApdu : CardFeatures.None),
            Algorithms =
            [
                new(KeyAlgorithm.Rsa, 1024, null, rsaSign, [DecipherAlgorithm.RsaPkcs1], true, true),
                new(KeyAlgorithm.Rsa, 2048, null, rsaSign, [DecipherAlgorithm.RsaPkcs1], true, true),
                new(KeyAlgorithm.Ec, 256, EcCurves.Secp256r1, ecSign, [], true, true),
                new(KeyAlgorithm.Ec, 384, EcCurves.Secp384r1, ecSign, [], true, true),
            ],
            IsReadOnly = false,
            MaxReadChunk = OpenEndedNe,
            MaxWriteChunk = _extended ? CommandApdu.MaxExtendedData : CommandApdu.MaxShortData,
            KeySlots = PivSlot.All.Count,
            SerialNumber = _serial.Value is { } s ? [(byte)(s >> 24), (byte)(s >> 16), (byte)(s >> 8), (byte)s] : null,
            SerialNumberNote = _serial.Known ? "this PIV card has no Yubico serial; the CHUID GUID identifies it" : "read with GET SERIAL (YubiKey) when asked",
        };
    }
}
