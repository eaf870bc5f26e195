using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Families;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tlv;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;
using static SharpSC.Cards.Drivers.MyEid.MyEidConstants;

namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// Aventra MyEID cards and OsEID (the open firmware with MyEID's command set): an ISO 7816-4 file system whose
/// PKCS#15 application is DF 5015, PIN objects 1..14 each with its own PUK (created by PUT DATA), keys in key
/// files (4Bxx: RSA type 11, EC type 22, the size in bits), MSE with the key file's FID, PSO, ECDH by GENERAL
/// AUTHENTICATE, key generation and loading, erase (PUT DATA E0) and activation. From version 4.5 long data
/// goes in command chains; long answers come by GET RESPONSE.
/// </summary>
public sealed partial class MyEidDriver : CardDriver
{
    public const string DriverName = "MyEID";

    /// <summary>PIN and PUK format: 4..8 characters padded with FF to 8 (OpenSC's myeid profile).</summary>
    public static PinFormat Format { get; } = new(4, 8, PinStoredLength, PinPadChar, true);

    /// <summary>The user PIN as OpenSC's myeid profile creates it: reference 1.</summary>
    public static PinReference UserPin { get; } = new(0x01, Format, "User PIN");

    /// <summary>The security officer PIN as OpenSC's myeid profile creates it: reference 3.</summary>
    public static PinReference SoPin { get; } = new(0x03, Format, "Security Officer PIN");

    /// <summary>
    /// The PIN that access rules naming the security officer get: the SO PIN (3), or the user PIN (1) on a card
    /// personalised without SO PIN (OpenSC's onepin: the user PIN does the SO's work). Set by the personalisation.
    /// </summary>
    public byte SecurityOfficerReference { get; internal set; } = 0x03;

    /// <summary>Key references are the low byte of the key file's FID in DF 5015 (OpenSC pkcs15-myeid.c).</summary>
    public const ushort PrivateKeyFileBase = 0x4B00;

    private readonly CardCapabilities _capabilities;

    private MyEidDriver(ApduChannel channel, string family, MyEidCardInfo info, MyEidCapabilities caps) : base(channel)
    {
        Family = family;
        Info = info;
        CardCapabilities = caps;
        Channel.Options = new ApduChannelOptions { ExtendedLength = false, CommandChaining = true, GetResponse = true };
        _capabilities = BuildCapabilities();
        Personalisation = new MyEidPersonalisation(this);
        Facts = new TokenFacts
        {
            Model = Version,
            Firmware = new CardVersion((byte)Math.Min(info.FirmwareMajor, 255), info.Patch),
            Pins = MyEidPins,
        };
        ApplicationSelected = true;
    }

    /// <summary>Model "MyEID 4.5.2" / "OsEID 4.5.2", firmware 45.2 as OpenSC shows it; PINs below.</summary>
    public override TokenFacts Facts { get; }

    public override CardPersonalisation Personalisation { get; }

    /// <summary>
    /// The user PIN is reference 1 on every MyEID token OpenSC's profile or we made (no AODF read needed to log
    /// in), 3 tries; each PIN has its own PUK under its own reference (10 tries); the SO PIN (3) is the SO.
    /// </summary>
    private static PinFacts MyEidPins { get; } = new()
    {
        UserPin = UserPin,
        UserPinFixed = true,
        SuccessMeansVerified = true,
        UserPinTries = MyEidPersonalisation.PinTries,
        Puk = new UnblockingCode(Format) { Tries = MyEidPersonalisation.PukTries },
        SecurityOfficer = SecurityOfficer.WithPin(SoPin),
    };

    /// <summary>"MyEID" or "OsEID", from the ATR.</summary>
    public string Family { get; }

    /// <summary>The card information read at connection (version, serial number, change counter then).</summary>
    public MyEidCardInfo Info { get; }

    /// <summary>The card's capabilities (GET DATA 01 AA; the 3.x defaults before 4.0).</summary>
    public MyEidCapabilities CardCapabilities { get; }

    /// <summary>Command chaining (CLA 10) for data over 255 bytes: MyEID 4.5 and later.</summary>
    public bool SupportsChaining => Info.FirmwareMajor >= 45;

    public override string Name => DriverName;

    public override string Version => $"{Info.Implementation ?? Family} {Info.Version}";

    public override CardCapabilities Capabilities => _capabilities;

    /// <summary>The change counter of the card information read at connection: every file system write moves it.</summary>
    public override string ContentStamp => "changes " + Info.ChangeCounter.ToString(CultureInfo.InvariantCulture);

    protected override CardPath ApplicationPath { get; } = CardPath.MasterFile.Append(ApplicationDf);

    /// <summary>
    /// Recognises the card by its ATR (no APDU for other cards), then reads the card information (GET DATA 01 A0)
    /// and, from MyEID 4.0, the capabilities (GET DATA 01 AA). The MyEID application is the card's own and is
    /// always selected: no SELECT is needed.
    /// </summary>
    public static MyEidDriver? TryConnect(ApduChannel channel, out string reason)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var family = MyEidAtr.Family(channel.Transport.Atr.Span);
        if (family == null)
        {
            reason = "the ATR's historical bytes name neither MyEID nor OsEID";
            return null;
        }
        var response = channel.Transmit(new CommandApdu(0x00, InsGetData, DataP1, DataCardInfo, ne: MyEidCardInfo.Length));
        if (!response.IsSuccess)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"{family} ATR, but GET DATA (card information) answered {response.StatusWord:X4}");
            return null;
        }
        MyEidCardInfo info;
        try
        {
            info = MyEidCardInfo.Parse(response.Data);
        }
        catch (CardException e)
        {
            reason = $"{family} ATR, but {e.Message}";
            return null;
        }
        var caps = MyEidCapabilities.Legacy;
        if (info.FirmwareMajor >= 40)
        {
            var answer = channel.Transmit(new CommandApdu(0x00, InsGetData, DataP1, DataCapabilities, ne: 0x0C));
            try
            {
                if (answer.IsSuccess) caps = MyEidCapabilities.Parse(answer.Data);
                else Log.Info(TraceComponent, $"MyEID capabilities: GET DATA answered {answer.StatusWord:X4}; assuming RSA-2048 and EC-256");
            }
            catch (CardException e)
            {
                Log.Info(TraceComponent, $"MyEID capabilities ignored: {e.Message}; assuming RSA-2048 and EC-256");
            }
        }
        reason = $"{family} ATR, {info.Implementation ?? family} {info.Version}, RSA up to {caps.MaxRsaBits}, EC up to {caps.MaxEcBits}";
        return new MyEidDriver(channel, family, info, caps);
    }

    /// <summary>Connects to a MyEID card or throws <see cref="CardException"/> (FileNotFound) saying why not.</summary>
    public static MyEidDriver Connect(ICardTransport transport) =>
        TryConnect(new ApduChannel(transport), out var reason)
        ?? throw new CardException(CardError.FileNotFound, $"No MyEID card in {transport.ReaderName}: {reason}.");

    /// <summary>The application needs no SELECT (the card's own); the current file is unknown after a reset.</summary>
    protected override void SelectApplication()
    {
        ApplicationSelected = true;
        CurrentDf = null;
        CurrentEf = null;
        CurrentSecurityEnvironment = null;
    }

    /// <summary>DEAUTHENTICATE all PINs (00 2E 00 00): MyEID keeps PINs verified across a SELECT of the application.</summary>
    public override void Logout() => Run("LOGOUT", () =>
    {
        Send("DEAUTHENTICATE", new CommandApdu(0x00, InsDeauthenticate, 0x00, 0x00));
    });

    /// <summary>GET CHALLENGE in parts of at most 255 bytes: MyEID answers Le 00 with 6F00.</summary>
    protected override int MaxChallengeChunk => MaxChallenge;

    /// <summary>Reads the card information again (the change counter moves with every file system write).</summary>
    public MyEidCardInfo ReadCardInfo() => Run("GET DATA card information", () =>
        MyEidCardInfo.Parse(Send("GET DATA card information", new CommandApdu(0x00, InsGetData, DataP1, DataCardInfo, ne: MyEidCardInfo.Length)).Data));

    /// <summary>The card's life cycle from the MF's FCI: creation (no ACLs yet) or operational.</summary>
    public bool IsOperational() => Run("SELECT MF", () =>
    {
        CurrentEf = null;
        var info = Select(CardPath.MasterFile, needInfo: true);
        return info.LifeCycleStatus == LifeCycleOperational;
    });

    /// <summary>
    /// MyEID's FCI: sizes in 80 (working EF) or 81 (DF, key file), tag 86 as three ACL bytes. A key file (type
    /// 11, 22 ...) is reported with an unknown type: it has no readable contents.
    /// </summary>
    protected override CardFileInfo ParseFileInfo(CardPath path, byte[] fci)
    {
        var info = CardFileInfo.Parse(path, fci);
        if (fci.Length == 0) return info;
        var descriptor = BerTlv.Find(BerTlv.Parse(BerTlv.ParseSingle(fci, fci[0], "SELECT response").Value), 0x82);
        var type = descriptor is { Length: > 0 } d ? d.Span[0] & 0xBF : -1;
        if (type >= 0 && type != TypeDf && type != TypeWorkingEf)
            info = info with { Type = CardFileType.Unknown };
        var isDf = type == TypeDf;
        return info.SecurityAttributes is { } sa ? info with { Acl = MyEidAcl.Decode(sa, isDf, UserPin.Reference, SoPin.Reference) } : info;
    }

    /// <summary>The FCP pkcs15-init writes for MyEID: 62 { 80|81 size, 82 type, 83 FID, 86 ACL, 85 0000, 8A 00 [, 84 name] }.</summary>
    protected override byte[] EncodeFcp(FileSpec spec)
    {
        var isDf = spec.Type == CardFileType.DedicatedFile;
        return Fcp(spec.FileId, isDf ? TypeDf : TypeWorkingEf, spec.Size, MyEidAcl.Encode(spec.Acl, isDf, UserPin.Reference, SecurityOfficerReference), spec.DfName);
    }

    /// <summary>
    /// Deletes a file as MyEID wants it: SELECT the file itself, then DELETE FILE without data (the card deletes the
    /// current file; OsEID would ignore a FID in the data field and delete whatever is current).
    /// </summary>
    public override void DeleteFile(CardPath path)
    {
        RequireWritable("DELETE FILE");
        Run("DELETE FILE " + path, () =>
        {
            var full = Resolve(path);
            var parent = full.Parent ?? throw new ArgumentException($"{path} has no parent DF to delete it from.", nameof(path));
            if (CurrentEf?.Path != full)
                SelectOnCard(full, SelectReturnNothing);
            Send("DELETE FILE " + full, new CommandApdu(0x00, InsDeleteFile, 0x00, 0x00));
            CurrentDf = parent;
            CurrentEf = null;
        });
    }

    internal static byte[] Fcp(ushort fid, byte type, int size, byte[] acl, byte[]? dfName)
    {
        var inner = new List<byte>(40);
        BerTlv.Write(inner, type is TypeWorkingEf ? 0x80 : 0x81, [(byte)(size >> 8), (byte)size]);
        BerTlv.Write(inner, 0x82, [type]);
        BerTlv.Write(inner, 0x83, [(byte)(fid >> 8), (byte)fid]);
        BerTlv.Write(inner, 0x86, acl);
        BerTlv.Write(inner, 0x85, [0x00, 0x00]);
        BerTlv.Write(inner, 0x8A, [0x00]);
        if (dfName != null)
            BerTlv.Write(inner, 0x84, dfName);
        return BerTlv.Encode(0x62, inner.ToArray());
    }

    private CardCapabilities BuildCapabilities()
    {
        var caps = CardCapabilities;
        var features = CardFeatures.KeyGeneration | CardFeatures.KeyImport | CardFeatures.FileCreation | CardFeatures.SecureRandom;
        if (SupportsChaining) features |= CardFeatures.CommandChaining;
        var algorithms = new List<SupportedAlgorithm>();
        int[] rsaSizes = [512, 768, 1024, 1536, 2048, 3072, 4096];
        foreach (var bits in rsaSizes)
        {
            if (bits > 2048 && (!caps.Has(MyEidCapabilities.FeatureRsa) || bits > caps.MaxRsaBits)) continue;
            algorithms.Add(new SupportedAlgorithm(KeyAlgorithm.Rsa, bits, null, [SignatureAlgorithm.RsaPkcs1, SignatureAlgorithm.RsaRaw],
                [DecipherAlgorithm.RsaPkcs1, DecipherAlgorithm.RsaRaw], true, true));
        }
        if (caps.MaxRsaBits >= 4096) features |= CardFeatures.Rsa4096;
        if (Info.FirmwareMajor >= 35)
        {
            foreach (var curve in Curves)
            {
                if (curve.FieldBits > caps.MaxEcBits) continue;
                algorithms.Add(new SupportedAlgorithm(KeyAlgorithm.Ec, curve.FieldBits, curve, [SignatureAlgorithm.Ecdsa, SignatureAlgorithm.EcdsaSha1], [],
                    true, true, KeyAgreement: true));
                features |= CardFeatures.Ecc;
            }
        }
        return new CardCapabilities
        {
            Features = features,
            Algorithms = algorithms,
            IsReadOnly = false,
            MaxReadChunk = Info.FirmwareMajor >= 40 ? CommandApdu.MaxShortNe : 255,
            MaxWriteChunk = CommandApdu.MaxShortData,
            SerialNumber = Info.SerialNumber,
        };
    }

    /// <summary>The named curves MyEID offers (OpenSC card-myeid.c ec_curves), as far as the card's EC length allows.</summary>
    internal static IReadOnlyList<EcCurve> Curves { get; } = [EcCurves.Secp192r1, EcCurves.Secp256r1, EcCurves.Secp384r1, EcCurves.Secp521r1];
}
