using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// The OpenPGP application (OpenPGP card 1.1 to 3.4: YubiKey, Nitrokey, Gnuk, SmartPGP, ZeitControl cards).
/// Detected by SELECT of the AID prefix D2 76 00 01 24 01; everything it can do is read from its own data
/// objects, the application related data 6E read once per connection: APDU sizes from the historical bytes and
/// 7F66, features from the extended capabilities, key types from the algorithm attributes. No file system.
/// Keys are numbered 1 (signature, PSO:CDS after VERIFY 81), 2 (decryption, PSO:DECIPHER after VERIFY 82) and
/// 3 (authentication, INTERNAL AUTHENTICATE after VERIFY 82); PW3 (83) administers the card.
/// </summary>
public sealed partial class OpenPgpDriver : CardDriver
{
    public const string DriverName = "OpenPGP";

    private ApplicationRelatedData? _data;
    private CardCapabilities _capabilities = new();

    private OpenPgpDriver(ApduChannel channel, ApplicationRelatedData? data) : base(channel)
    {
        ApplicationSelected = true;
        Standalone = IsStandaloneCard(channel);
        Terminated = data == null;
        if (data != null) Adopt(data);
    }

    public override string Name => DriverName;

    public override string Version => _data == null ? "OpenPGP card (terminated)" : $"OpenPGP card {Aid.VersionText}";

    public override CardCapabilities Capabilities => _capabilities;

    /// <summary>The application is in termination state (TERMINATE DF without ACTIVATE FILE): only a factory reset helps.</summary>
    public bool Terminated { get; private set; }

    /// <summary>The application related data as last read (once per connection, again after writes that change them).</summary>
    public ApplicationRelatedData ApplicationData => _data ?? throw TerminatedError();

    public OpenPgpAid Aid => ApplicationData.Aid;

    /// <summary>OpenPGP cards have no file system; file commands are not for them.</summary>
    protected override CardPath ApplicationPath => CardPath.MasterFile;

    /// <summary>
    /// SELECT of the OpenPGP AID prefix and GET DATA 6E: two APDUs (on a standalone card whose application is selected,
    /// GET DATA 6E alone). Returns null with the reason when the card has
    /// no OpenPGP application; a terminated application is connected (it answers 6285) so that it can be reset.
    /// </summary>
    public static OpenPgpDriver? TryConnect(ApduChannel channel, out string reason)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (IsStandaloneCard(channel) && ReadSelectedApplicationData(channel) is { } selected)
        {
            reason = Describe(selected);
            return new OpenPgpDriver(channel, selected);
        }
        var select = channel.Transmit(SelectCommand());
        if (select.StatusWord == OpenPgpSpec.TerminatedState)
        {
            reason = "OpenPGP application in termination state (factory reset pending)";
            return new OpenPgpDriver(channel, null);
        }
        if (!select.IsSuccess)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"SELECT OpenPGP AID answered {select.StatusWord:X4}");
            return null;
        }
        var answer = channel.Transmit(GetDataCommand(OpenPgpSpec.Tag.ApplicationRelatedData));
        if (!answer.IsSuccess)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"OpenPGP application without application related data (GET DATA 6E answered {answer.StatusWord:X4})");
            return null;
        }
        ApplicationRelatedData data;
        try
        {
            data = ApplicationRelatedData.Parse(answer.Data);
        }
        catch (CardException e)
        {
            reason = "OpenPGP application with unreadable application related data: " + e.Message;
            Log.Info(TraceComponent, reason);
            return null;
        }
        reason = Describe(data);
        return new OpenPgpDriver(channel, data);
    }

    private static string Describe(ApplicationRelatedData data) =>
        $"OpenPGP card {data.Aid.VersionText}, manufacturer {data.Aid.Manufacturer:X4} ({data.Aid.ManufacturerName}), serial {data.Aid.SerialText}";

    /// <summary>
    /// A standalone card has its OpenPGP application selected at reset, or still selected by the last program: GET DATA
    /// 6E first, no SELECT (which would clear what another program verified). Null when the card answers anything but
    /// application related data with the OpenPGP AID (then SELECT decides).
    /// </summary>
    private static ApplicationRelatedData? ReadSelectedApplicationData(ApduChannel channel)
    {
        var answer = channel.Transmit(GetDataCommand(OpenPgpSpec.Tag.ApplicationRelatedData));
        if (!answer.IsSuccess) return null;
        try
        {
            var data = ApplicationRelatedData.Parse(answer.Data);
            return data.Aid.Raw.AsSpan().StartsWith(OpenPgpSpec.AidPrefix) ? data : null;
        }
        catch (CardException)
        {
            return null;
        }
    }

    /// <summary>Connects or throws <see cref="CardException"/> (FileNotFound) saying why not.</summary>
    public static OpenPgpDriver Connect(ICardTransport transport) =>
        TryConnect(new ApduChannel(transport), out var reason)
        ?? throw new CardException(CardError.FileNotFound, $"No OpenPGP application on the card in {transport.ReaderName}: {reason}.");

    /// <summary>Reads the application related data again (after a change made elsewhere).</summary>
    public ApplicationRelatedData RefreshApplicationData() => Run("GET DATA 6E", () =>
    {
        var data = ApplicationRelatedData.Parse(Send("GET DATA 6E", GetDataCommand(OpenPgpSpec.Tag.ApplicationRelatedData)).Data);
        Adopt(data);
        return data;
    });

    /// <summary>
    /// Selects the application, unless the selection check says it still is (a transaction's start on a card where
    /// it was selected last, see OpenPgpDriver.Selection.cs): SELECT clears what other programs verified.
    /// </summary>
    protected override void SelectApplication()
    {
        _checkedPw1 = null;
        if (Channel.Card.IsSelectedBy(this) && StillSelected())
        {
            ApplicationSelected = true;
            return;
        }
        Select();
    }

    private void Select()
    {
        _checkedPw1 = null;
        var select = Channel.Transmit(SelectCommand());
        if (select.StatusWord == OpenPgpSpec.TerminatedState)
        {
            Terminated = true;
            _data = null;
            throw TerminatedError();
        }
        select.EnsureSuccess("SELECT OpenPGP");
        ApplicationSelected = true;
    }

    /// <summary>
    /// Logout: VERIFY with P1 FF resets each password's verification (§7.2.2, v3.0 and later); older cards
    /// are selected again.
    /// </summary>
    public override void Logout() => Logout([OpenPgpPassword.Pw1Signature, OpenPgpPassword.Pw1, OpenPgpPassword.Pw3]);

    /// <summary>
    /// Logout of <paramref name="passwords"/> only (v3.0 and later), so that what another program sharing the card
    /// (scdaemon with pcsc-shared) verified stays verified; older cards are selected again.
    /// </summary>
    public void Logout(IEnumerable<OpenPgpPassword> passwords) => Run("LOGOUT", () =>
    {
        _checkedPw1 = null;
        if (_data is { Aid.Version: >= 0x0300 })
        {
            foreach (var pw in passwords.Distinct())
                Send("VERIFY reset", new CommandApdu(0x00, OpenPgpSpec.Ins.Verify, OpenPgpSpec.P1P2.VerifyResetState, Reference(pw)));
            return;
        }
        Select();
    });

    private void Adopt(ApplicationRelatedData data)
    {
        _data = data;
        Terminated = false;
        var h = data.Historical;
        var maxCommand = data.MaxCommandLength > 0 ? data.MaxCommandLength : CommandApdu.MaxExtendedData;
        Channel.Options = new ApduChannelOptions
        {
            ExtendedLength = h.ExtendedLength,
            CommandChaining = h.CommandChaining,
            GetResponse = true,
            MaxExtendedCommandData = Math.Min(maxCommand, CommandApdu.MaxExtendedData),
        };
        _capabilities = BuildCapabilities(data);
    }

    private static CardCapabilities BuildCapabilities(ApplicationRelatedData data)
    {
        var features = CardFeatures.KeyGeneration;
        if (data.Historical.ExtendedLength) features |= CardFeatures.ExtendedApdu;
        if (data.Historical.CommandChaining) features |= CardFeatures.CommandChaining;
        if (data.ExtendedCapabilities.GetChallenge) features |= CardFeatures.SecureRandom;
        if (data.ExtendedCapabilities.KeyImport) features |= CardFeatures.KeyImport;
        if (data.Attributes.Any(a => a.IsEcc)) features |= CardFeatures.Ecc;
        if (data.Attributes.Any(a => a.IsRsa && a.ModulusBits >= 4096)) features |= CardFeatures.Rsa4096;
        var algorithms = new List<SupportedAlgorithm>();
        foreach (var key in OpenPgpKeyRefs.All)
        {
            var a = data.AttributesOf(key);
            if (a.IsRsa)
                algorithms.Add(new(KeyAlgorithm.Rsa, a.ModulusBits, null,
                    key == OpenPgpKeyRef.Decryption ? [] : [SignatureAlgorithm.RsaPkcs1],
                    key == OpenPgpKeyRef.Decryption ? [DecipherAlgorithm.RsaPkcs1] : [], true, data.ExtendedCapabilities.KeyImport));
            else if (a.Algorithm == OpenPgpAlgorithm.Ecdsa && a.Curve!.Weierstrass is { } curve)
                algorithms.Add(new(KeyAlgorithm.Ec, curve.FieldBits, curve, [SignatureAlgorithm.Ecdsa], [], true, data.ExtendedCapabilities.KeyImport));
        }
        return new CardCapabilities
        {
            Features = features,
            Algorithms = algorithms.Distinct().ToList(),
            IsReadOnly = false,
            KeySlots = 3,
            SerialNumber = data.Aid.SerialNumber,
        };
    }

    private static CommandApdu SelectCommand() =>
        new(0x00, OpenPgpSpec.Ins.Select, 0x04, 0x00, OpenPgpSpec.AidPrefix.ToArray(), CommandApdu.MaxShortNe);

    /// <summary>Largest answer to ask for in one APDU: 256 on short-APDU cards, else what 7F66 says (or 65536).</summary>
    private int ResponseLimit => Channel.Options.ExtendedLength
        ? (_data?.MaxResponseLength is > 0 and var max ? Math.Min(max, CommandApdu.MaxExtendedNe) : CommandApdu.MaxExtendedNe)
        : CommandApdu.MaxShortNe;

    /// <summary>
    /// Le for an answer of <paramref name="expected"/> bytes: 00 (256) on a short APDU, which every card takes;
    /// the exact length in an extended one (as GnuPG asks), within what 7F66 allows. Longer answers on short-APDU
    /// cards come in 61xx pieces.
    /// </summary>
    private int ExpectedNe(int expected) =>
        expected > CommandApdu.MaxShortNe && Channel.Options.ExtendedLength ? Math.Min(ResponseLimit, expected) : CommandApdu.MaxShortNe;

    /// <summary>GET DATA of a tag, asking for as much as one APDU can carry (the rest comes with 61xx).</summary>
    private CommandApdu GetData(int tag) => new(0x00, OpenPgpSpec.Ins.GetData, (byte)(tag >> 8), (byte)tag, ne: ResponseLimit);

    private static CommandApdu GetDataCommand(int tag) =>
        new(0x00, OpenPgpSpec.Ins.GetData, (byte)(tag >> 8), (byte)tag, ne: CommandApdu.MaxShortNe);

    private static CardException TerminatedError() =>
        new(CardError.FileInvalid, "The OpenPGP application is in termination state; a factory reset (`sharpsc openpgp reset`) brings it back.",
            OpenPgpSpec.TerminatedState);
}
