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
using static SharpSC.Cards.Drivers.IsoApplet.IsoAppletConstants;

namespace SharpSC.Cards.Drivers.IsoApplet;

/// <summary>
/// The IsoApplet JavaCard applet, both generations:
/// v0 (API 00.06, branch main-javacard-v2.2.2): SELECT answers 00 06 &lt;features&gt;; short APDUs, command
/// chaining for long data, 61xx + GET RESPONSE for long answers, ECDSA hashes with SHA-1 on the card.
/// v1 (API 01.00): SELECT answers no data, GET DATA 00 CA 01 01 answers 01 00 &lt;features&gt;; extended APDUs,
/// no chaining, no GET RESPONSE; RSA-4096, RSA-PSS and ECDSA on a pre-computed hash.
/// Files, PIN (ref 01), PUK (ref 02) and 16 key slots; no serial number.
/// </summary>
public sealed partial class IsoAppletDriver : CardDriver
{
    public const string DriverName = "IsoApplet";

    private readonly CardCapabilities _capabilities;

    private IsoAppletDriver(ApduChannel channel, byte major, byte minor, byte features) : base(channel)
    {
        ApiMajor = major;
        ApiMinor = minor;
        FeatureBits = features;
        Channel.Options = HasFeature(FeatureExtendedApdu)
            ? new ApduChannelOptions { ExtendedLength = true, CommandChaining = false, GetResponse = false }
            : new ApduChannelOptions { ExtendedLength = false, CommandChaining = true, GetResponse = true };
        _capabilities = BuildCapabilities();
        Personalisation = new IsoAppletPersonalisation(this);
        Facts = new TokenFacts
        {
            Model = string.Create(CultureInfo.InvariantCulture, $"IsoApplet {major}.{minor:00}"),
            Firmware = new CardVersion(major, minor),
            Pins = IsoAppletPins,
        };
        OnApplicationSelected();
    }

    /// <summary>The applet's AID, F2 76 A2 88 BC FB A6 9D 34 F3 10 01.</summary>
    public static ReadOnlySpan<byte> ApplicationId => Aid;

    /// <summary>User PIN: reference 01, 4–16 bytes zero-padded to 16 (as OpenSC's profile: needs-padding, stored length 16, pad 00).</summary>
    public static PinReference UserPin { get; } = new(0x01, new PinFormat(PinMinLength, PinMaxLength, PinMaxLength, 0x00, true), "User PIN");

    /// <summary>PUK (SO PIN in PKCS#11 terms): reference 02, exactly 16 bytes.</summary>
    public static PinReference Puk { get; } = new(0x02, new PinFormat(PukLength, PukLength, PukLength, 0x00, false), "PUK");

    public byte ApiMajor { get; }
    public byte ApiMinor { get; }

    /// <summary>The applet's raw API feature bitmap (01 ext. APDU, 02 secure RNG, 04 ECC, 08 RSA-PSS, 20 RSA-4096).</summary>
    public byte FeatureBits { get; }

    /// <summary>API 01.xx or later: extended APDUs, pre-hashed ECDSA.</summary>
    public bool IsV1 => ApiMajor >= 1;

    public override string Name => DriverName;

    public override string Version => string.Create(CultureInfo.InvariantCulture, $"IsoApplet API {ApiMajor:X2}.{ApiMinor:X2}, features {FeatureBits:X2}");

    public override CardCapabilities Capabilities => _capabilities;

    /// <summary>Model "IsoApplet 0.06" with the API version as firmware; one user PIN (ref 01, 3 tries); the PUK (ref 02) is the SO.</summary>
    public override TokenFacts Facts { get; }

    public override CardPersonalisation Personalisation { get; }

    private static PinFacts IsoAppletPins { get; } = new()
    {
        UserPin = UserPin,
        UserPinFixed = true,
        UserPinTries = PinMaxTries,
        Puk = new UnblockingCode(Puk.Format, Puk.Name) { Reference = Puk.Reference, Tries = PukMaxTries },
        SecurityOfficer = SecurityOfficer.ThePuk,
    };

    /// <summary>IsoApplet keeps its file system under the MF; relative paths start there.</summary>
    protected override CardPath ApplicationPath => CardPath.MasterFile;

    /// <summary>
    /// Detects the applet with one SELECT (v0), plus GET DATA 01 01 when the SELECT answers no data (v1).
    /// Returns null with the reason when this is not an IsoApplet.
    /// </summary>
    public static IsoAppletDriver? TryConnect(ApduChannel channel, out string reason)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var select = channel.Transmit(SelectAppletCommand());
        if (!select.IsSuccess && select.StatusWord != StatusWords.FileNotFound)
        {
            // Not the "no such applet" of ISO 7816-4 (6A82) but something odd (6D00, 6F00 ...): a glitch would
            // otherwise leave the card matched as generic PKCS#15, unable to sign, until it is detected again.
            Log.Info(TraceComponent, $"SELECT IsoApplet AID answered {select.StatusWord:X4}; asking once more");
            select = channel.Transmit(SelectAppletCommand());
        }
        if (!select.IsSuccess)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"SELECT IsoApplet AID answered {select.StatusWord:X4}");
            return null;
        }
        if (select.Data.Length >= 3)
            return Accept(channel, select.Data[0], select.Data[1], select.Data[2], out reason);
        if (select.Data.Length != 0)
        {
            reason = $"SELECT IsoApplet AID answered {Hex.Encode(select.Data)}, not an API version";
            return null;
        }
        var version = channel.Transmit(new CommandApdu(0x00, InsGetData, 0x01, 0x01, ne: CommandApdu.MaxShortNe));
        if (version.IsSuccess && version.Data.Length >= 3)
            return Accept(channel, version.Data[0], version.Data[1], version.Data[2], out reason);
        // Applets before API 00.06 answered neither; OpenSC treats them as 00.00 with ECC.
        Log.Info(TraceComponent, $"IsoApplet: no API version (GET DATA answered {version.StatusWord:X4}); assuming API 00.00");
        return Accept(channel, 0x00, 0x00, FeatureEcc, out reason);
    }

    /// <summary>Connects to an IsoApplet or throws <see cref="CardException"/> (FileNotFound) saying why not.</summary>
    public static IsoAppletDriver Connect(ICardTransport transport) =>
        TryConnect(new ApduChannel(transport), out var reason)
        ?? throw new CardException(CardError.FileNotFound, $"No IsoApplet on the card in {transport.ReaderName}: {reason}.");

    /// <summary>Sets the PUK (00 24 01 02, exactly 16 bytes): once, on a blank applet, before the PIN.</summary>
    public void SetPuk(ReadOnlySpan<byte> puk) => SetPin(Puk, puk);

    /// <summary>
    /// Sets the user PIN on a blank applet (00 24 01 01); the applet becomes operational and PIN-protected.
    /// Sent unpadded, as OpenSC does: the applet zero-pads it to 16 itself.
    /// </summary>
    public void SetInitialPin(ReadOnlySpan<byte> pin) => SetPin(UnpaddedUserPin, pin);

    private static PinReference UnpaddedUserPin { get; } = UserPin with { Format = UserPin.Format with { NeedsPadding = false } };

    private static IsoAppletDriver? Accept(ApduChannel channel, byte major, byte minor, byte features, out string reason)
    {
        if (major > 1)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"IsoApplet API {major:X2}.{minor:X2} is newer than this driver knows (00.xx, 01.xx)");
            return null;
        }
        reason = string.Create(CultureInfo.InvariantCulture, $"IsoApplet API {major:X2}.{minor:X2}, features {features:X2}");
        return new IsoAppletDriver(channel, major, minor, features);
    }

    private static CommandApdu SelectAppletCommand() => new(0x00, InsSelect, 0x04, 0x00, Aid, CommandApdu.MaxShortNe);

    private bool HasFeature(byte bit) => (FeatureBits & bit) != 0;

    /// <summary>SELECT of the applet: resets its PIN state, security environment and file selection (IsoApplet.select()).</summary>
    protected override void SelectApplication()
    {
        Send("SELECT IsoApplet", SelectAppletCommand());
        OnApplicationSelected();
    }

    private void OnApplicationSelected()
    {
        ApplicationSelected = true;
        CurrentDf = CardPath.MasterFile;
        CurrentEf = null;
        CurrentSecurityEnvironment = null;
    }

    /// <summary>
    /// IsoApplet answers a SELECT that asks for the FCI with the template stored at CREATE FILE, never with
    /// nothing (IsoFileSystem select). An empty success did not come from the applet's SELECT: the file selected
    /// before would still be current and a read would read it, so the answer is taken as malformed.
    /// </summary>
    protected override CardFileInfo SelectOnCard(CardPath path, byte p2)
    {
        var info = base.SelectOnCard(path, p2);
        if (p2 == SelectReturnFci && info.Raw.Length == 0)
            throw CardException.Malformed($"SELECT {path} answered success without the FCI it was asked for");
        return info;
    }

    /// <summary>IsoApplet reads tag 86 as 8 bytes: access mode FF and seven condition bytes.</summary>
    protected override CardFileInfo ParseFileInfo(CardPath path, byte[] fci)
    {
        var info = CardFileInfo.Parse(path, fci);
        return info.SecurityAttributes is { } sa ? info with { Acl = IsoAppletAcl.Decode(sa) } : info;
    }

    /// <summary>The FCP OpenSC's isoApplet profile sends: 6F { 81 size, 82 descriptor, 83 FID, [84 DF name], 86 ACL }.</summary>
    protected override byte[] EncodeFcp(FileSpec spec)
    {
        var inner = new List<byte>();
        BerTlv.Write(inner, 0x81, [(byte)(spec.Size >> 8), (byte)spec.Size]);
        BerTlv.Write(inner, 0x82, [DescriptorByte(spec)]);
        BerTlv.Write(inner, 0x83, [(byte)(spec.FileId >> 8), (byte)spec.FileId]);
        if (spec.DfName != null)
            BerTlv.Write(inner, 0x84, spec.DfName);
        BerTlv.Write(inner, 0x86, IsoAppletAcl.Encode(spec.Acl));
        return BerTlv.Encode(0x6F, inner.ToArray());
    }

    /// <summary>IsoApplet finds the FID anywhere (FIDs are unique on the applet): no SELECT of the parent.</summary>
    public override void DeleteFile(CardPath path)
    {
        RequireWritable("DELETE FILE");
        Run("DELETE FILE " + path, () =>
        {
            var full = Resolve(path);
            SendDelete(full);
            CurrentDf = full.Parent;
            CurrentEf = null;
        });
    }

    public override byte[] GetChallenge(int length) =>
        HasFeature(FeatureSecureRandom) ? base.GetChallenge(length) : throw NotSupported("GET CHALLENGE (the applet reports no secure RNG)");

    private CardCapabilities BuildCapabilities()
    {
        var extended = HasFeature(FeatureExtendedApdu);
        var features = CardFeatures.KeyGeneration | CardFeatures.KeyImport | CardFeatures.FileCreation
                       | (extended ? CardFeatures.ExtendedApdu : CardFeatures.CommandChaining);
        if (HasFeature(FeatureSecureRandom)) features |= CardFeatures.SecureRandom;
        if (HasFeature(FeatureEcc)) features |= CardFeatures.Ecc;
        if (IsV1 && HasFeature(FeatureRsaPss)) features |= CardFeatures.RsaPss;
        if (IsV1 && HasFeature(FeatureRsa4096)) features |= CardFeatures.Rsa4096;

        List<SignatureAlgorithm> rsaSign = (features & CardFeatures.RsaPss) != 0
            ? [SignatureAlgorithm.RsaPkcs1, SignatureAlgorithm.RsaPss]
            : [SignatureAlgorithm.RsaPkcs1];
        var algorithms = new List<SupportedAlgorithm>
        {
            new(KeyAlgorithm.Rsa, 2048, null, rsaSign, [DecipherAlgorithm.RsaPkcs1], true, true),
        };
        if ((features & CardFeatures.Rsa4096) != 0)
            algorithms.Add(new(KeyAlgorithm.Rsa, 4096, null, rsaSign, [DecipherAlgorithm.RsaPkcs1], true, false)); // PUT DATA imports RSA-2048 only
        if ((features & CardFeatures.Ecc) != 0)
        {
            List<SignatureAlgorithm> ecSign = IsV1 ? [SignatureAlgorithm.Ecdsa, SignatureAlgorithm.EcdsaSha1] : [SignatureAlgorithm.EcdsaSha1];
            foreach (var curve in SupportedCurves())
                algorithms.Add(new(KeyAlgorithm.Ec, curve.FieldBits, curve, ecSign, [], true, true));
        }
        return new CardCapabilities
        {
            Features = features,
            Algorithms = algorithms,
            IsReadOnly = false,
            MaxReadChunk = extended ? 0x7FFF : CommandApdu.MaxShortNe,
            MaxWriteChunk = extended ? 0x7FFF : CommandApdu.MaxShortData,
            KeySlots = KeySlots,
            SerialNumber = null,
            SerialNumberNote = "IsoApplet has no serial number; use the PKCS#15 TokenInfo serial",
        };
    }

    /// <summary>
    /// Prime curves whose field sizes the applet handles (getEcFpFieldLength: 192..521 bits); the Koblitz
    /// curves since API 00.06 as OpenSC lists them. Whether the JavaCard underneath has a curve shows at key
    /// generation (6A81 FunctionNotSupported).
    /// </summary>
    private IEnumerable<EcCurve> SupportedCurves() =>
        EcCurves.All.Where(c => (ApiMajor, ApiMinor) is not (0, < 6) || (c != EcCurves.Secp192k1 && c != EcCurves.Secp256k1));
}
