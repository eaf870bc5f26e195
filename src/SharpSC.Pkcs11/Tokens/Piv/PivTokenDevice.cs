using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Registry;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens.Card;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>
/// The token of a PIV application (NIST SP 800-73-4; a YubiKey's with Yubico's extensions): keys, certificates
/// and data objects as OpenSC's PIV emulation shows them (<see cref="PivTokenObjects"/>), the PIV PIN as the user
/// PIN, the card management key (hex) as the security officer who writes (generation, import, certificates).
/// Each call runs in one card transaction, which starts by checking that PIV is still selected
/// (<see cref="PivDriver"/>: the card is usually shared with ykcs11, yubico-piv-tool, OpenSC or scdaemon).
/// </summary>
internal sealed partial class PivTokenDevice : ITokenDevice
{
    private const string TraceComponent = "token";

    private readonly PivDriver _driver;
    private readonly PivCardContents _contents;
    private readonly PivTokenObjects _objects;
    private readonly TokenDescription _description;

    // The PIN counters read while opening, served once to the C_GetTokenInfo that opened the token.
    private Cards.Pins.PinStatus? _pinAtOpen;

    private PivTokenDevice(PivDriver driver)
    {
        _driver = driver;
        _contents = new PivCardContents(driver);
        _objects = new PivTokenObjects(_contents, StampOf);
        using (driver.BeginTransaction())
        {
            _pinAtOpen = driver.PinTries();
            _description = Describe();
        }
    }

    /// <summary>The token of a PIV application the driver table found; the card's connection stays its finder's.</summary>
    public static ITokenDevice Open(CardApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var driver = (PivDriver)application.Driver;
        try
        {
            Log.Info(TraceComponent, $"{driver.Transport.ReaderName}: {driver.Name} ({driver.Version})");
            return new PivTokenDevice(driver);
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.MapConnectFailure(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    public TokenDescription Description => _description;

    /// <summary>The card's contents as this token knows them (for the CLI and tests).</summary>
    internal PivCardContents Contents => _contents;

    /// <summary>
    /// Label and serial from the card: a YubiKey's serial (as ykcs11: "YubiKey PIV #serial"), else the CHUID's
    /// GUID, else none. The card is told apart as a YubiKey by its ATR or its answer to GET SERIAL.
    /// </summary>
    private TokenDescription Describe()
    {
        var facts = _driver.Facts;
        var serial = _driver.YubicoSerial;
        string label, serialNumber;
        if (serial is { } s)
        {
            serialNumber = s.ToString(CultureInfo.InvariantCulture);
            label = "YubiKey PIV #" + serialNumber;
        }
        else if (ReadChuidGuid() is { } guid)
        {
            serialNumber = guid[..16];
            label = "PIV card " + serialNumber;
        }
        else
        {
            serialNumber = "";
            label = "PIV card";
        }
        var yubiKey = _driver.IsYubiKey;
        return new TokenDescription
        {
            Label = label,
            Manufacturer = yubiKey ? "Yubico" : "PIV",
            Model = facts.Model,
            SerialNumber = serialNumber,
            Initialized = true,
            UserPinInitialized = true,
            HasSecurityOfficer = true,
            MinPinLength = PivDriver.Pin.Format.MinLength,
            MaxPinLength = PivDriver.Pin.Format.MaxLength,
            WriteAuthority = UserRole.SecurityOfficer,
            // 9E, the card authentication key, is used without the PIN (SP 800-73-4 Part 1 §3.1.4).
            KeysWithoutPin = true,
            Versions = new CkVersionPair(facts.Hardware.Major, facts.Hardware.Minor, facts.Firmware.Major, facts.Firmware.Minor),
            Capabilities = new DeviceCapabilities
            {
                Signatures = new HashSet<CardSignature> { CardSignature.RsaRaw, CardSignature.EcdsaPrehashed },
                Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaRaw },
                KeyAgreement = true,
                RsaKeySizes = [1024, 2048],
                EcFieldSizes = [256, 384],
                KeyGeneration = true,
                // IMPORT KEY is Yubico's; other PIV cards are personalised by their issuer only.
                KeyImport = yubiKey,
                // PIV has no GET CHALLENGE: random numbers come from the host.
                Rng = false,
            },
        };
    }

    private string? ReadChuidGuid()
    {
        try
        {
            return _driver.ReadChuid()?.GuidHex;
        }
        catch (CardException e) when (e.Error == CardError.UnexpectedResponse)
        {
            Log.Info(TraceComponent, $"PIV: the CHUID does not parse ({e.Message}); the token has no serial number");
            return null;
        }
    }

    public IReadOnlyList<P11Object> LoadObjects(ObjectKind kind) => OnCard(() => _objects.Load(kind));

    /// <summary>A search by CKA_ID: only the slot the ID names is read (OpenSC's IDs: 01 = 9A ...).</summary>
    public IReadOnlyList<P11Object>? LoadObjects(ObjectKind kind, byte[] id) => OnCard(() => _objects.Load(kind, id));

    /// <summary>One card transaction, so one check of the selection, for a listing of several groups.</summary>
    public IDisposable? BeginListing() => HoldCard();

    public PinStatus QueryPin(UserRole role)
    {
        if (role == UserRole.SecurityOfficer) return new PinStatus(null, null, false);
        var status = _pinAtOpen ?? OnCard(_driver.PinTries, CardErrorMapping.Context.Pin);
        _pinAtOpen = null;
        var max = _driver.Facts.Pins.UserPinTries ?? 3;
        return new PinStatus(status.TriesLeft, Math.Max(max, status.TriesLeft ?? 0), status.Blocked);
    }

    public void VerifyPin(UserRole role, ReadOnlySpan<byte> pin)
    {
        var secret = pin.ToArray();
        try
        {
            if (role == UserRole.User)
                OnCard(() => _driver.VerifyPin(PivDriver.Pin, secret), CardErrorMapping.Context.Pin);
            else
                AuthenticateManagementKey(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>C_Login(CKU_SO): the management key as hex digits (as ykcs11 takes it), proven by the card's challenge-response.</summary>
    private void AuthenticateManagementKey(byte[] hex)
    {
        var key = ManagementKeyText.Parse(hex);
        try
        {
            OnCard(() =>
            {
                try
                {
                    _driver.AuthenticateManagementKey(key);
                }
                catch (CardException e) when (e.Error is CardError.SecurityStatusNotSatisfied or CardError.IncorrectData)
                {
                    // A wrong key fails the challenge (6982); a key of the wrong length for the card's algorithm is refused (6A80).
                    throw new Pkcs11Exception(CKR_PIN_INCORRECT, "the card does not hold this management key", e);
                }
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>C_Login(CKU_CONTEXT_SPECIFIC): the PIN once more, right before the use of a key whose PIN policy is "always" (9C).</summary>
    public void VerifyForKey(PrivateKeyObject key, ReadOnlySpan<byte> pin) => VerifyPin(UserRole.User, pin);

    /// <summary>A SELECT of the PIV application ends its security status: PIN and management key.</summary>
    public void Logout() => OnCard(_driver.Logout);

    /// <summary>C_SetPIN: the PIN (CHANGE REFERENCE DATA 80), or with the SO logged in the management key (old and new in hex).</summary>
    public void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        var (o, n) = (oldPin.ToArray(), newPin.ToArray());
        try
        {
            if (role == UserRole.User)
            {
                OnCard(() => _driver.ChangePin(PivDriver.Pin, o, n), CardErrorMapping.Context.Pin);
                return;
            }
            var newKey = ManagementKeyText.Parse(n);
            try
            {
                AuthenticateManagementKey(o);
                OnCard(() => _driver.ChangeManagementKey(newKey), CardErrorMapping.Context.Pin);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(newKey);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(o);
            CryptographicOperations.ZeroMemory(n);
        }
    }

    /// <summary>
    /// C_InitPIN: the PIV security officer's management key cannot set the PIN; the PUK unblocks it
    /// (RESET RETRY COUNTER), which `sharpsc pin unblock` does.
    /// </summary>
    public void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin) =>
        throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "a PIV card sets its PIN with the PUK, not the management key: sharpsc pin unblock");

    public void Reestablish() => _driver.InvalidateState();

    public IDisposable? HoldCard()
    {
        try
        {
            return _driver.BeginTransaction();
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.Map(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    /// <summary>PIV data objects are read fresh per token; nothing is cached on disk.</summary>
    public void EndCall(bool succeeded)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>One card transaction for a whole call (one check of the selection), card failures in PKCS#11 terms.</summary>
    private T OnCard<T>(Func<T> body, CardErrorMapping.Context context = CardErrorMapping.Context.General)
    {
        try
        {
            using (_driver.BeginTransaction())
                return body();
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.Map(e, context);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    private void OnCard(Action body, CardErrorMapping.Context context = CardErrorMapping.Context.General) => OnCard(() =>
    {
        body();
        return true;
    }, context);
}
