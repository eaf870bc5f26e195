using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Pkcs11.Constants.CKR;
using P15 = SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs11.Tokens.Card;

/// <summary>
/// A token device over a real card: the PC/SC connection, the driver the registry matched, and the
/// card's PKCS#15 structure. Every card failure leaves here translated by <see cref="CardErrorMapping"/>.
/// </summary>
internal sealed partial class CardTokenDevice : ITokenDevice
{
    private readonly ICardTransport _transport;
    private readonly CardDriver _driver;
    private Pkcs15Card _card;
    private readonly CardObjectLoader _objects;
    private readonly TokenDescription _description;

    private CardTokenDevice(ICardTransport transport, CardDriver driver, Pkcs15Card card)
    {
        _transport = transport;
        _driver = driver;
        _card = card;
        _objects = new CardObjectLoader(() => _card);
        _description = Describe();
    }

    /// <summary>Connects to the card in the reader, matches a driver and reads its PKCS#15 structure.</summary>
    public static ITokenDevice Connect(Slots.Slot slot) => Open(() => PcscCardTransport.Connect(slot.ReaderName));

    /// <summary>The same over any transport (in-process tests use the emulator).</summary>
    public static ITokenDevice Open(Func<ICardTransport> openTransport)
    {
        ICardTransport? transport = null;
        try
        {
            transport = openTransport();
            var match = DriverRegistry.Default.Match(transport);
            if (match.Driver is not { } driver)
                throw new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, $"no driver for the card in {transport.ReaderName}: {match.Reason}");
            Log.Info("token", $"{transport.ReaderName}: {driver.Name} ({driver.Version})");
            var card = Pkcs15Card.Open(driver);
            if (!card.HasApplication) Log.Info("token", $"{transport.ReaderName}: no PKCS#15 application ({card.MissingReason})");
            else if (card.CachedFiles > 0) Log.Info("token", $"{transport.ReaderName}: {card.CachedFiles} PKCS#15 files from the cache");
            return new CardTokenDevice(transport, driver, card);
        }
        catch (Pkcs15FormatException e)
        {
            transport?.Dispose();
            throw new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, "the card's PKCS#15 structure is malformed: " + e.Message, e);
        }
        catch (Exception e)
        {
            transport?.Dispose();
            var mapped = CardErrorMapping.Map(e);
            if (mapped is TokenResetException) throw new Pkcs11Exception(CKR_DEVICE_ERROR, "the card was reset while it was being read", e);
            // Reading the structure is part of C_GetTokenInfo, C_OpenSession ...: whatever the card said
            // (6982, 6Cxx ...), those functions can only report a device that could not be read.
            if (mapped is Pkcs11Exception p && p.Code is not (CKR_DEVICE_ERROR or CKR_DEVICE_MEMORY or CKR_DEVICE_REMOVED or CKR_TOKEN_NOT_RECOGNIZED))
                throw new Pkcs11Exception(CKR_DEVICE_ERROR, "reading the card failed: " + p.Message, e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    public TokenDescription Description => _description;

    private TokenDescription Describe()
    {
        var tokenInfo = _card.TokenInfo;
        var userPin = _driver is IsoAppletDriver ? null : UserPinObject();
        var caps = _driver.Capabilities;
        var isoApplet = _driver as IsoAppletDriver;
        return new TokenDescription
        {
            Label = tokenInfo?.Label ?? "",
            Manufacturer = tokenInfo?.ManufacturerId ?? _driver.Name,
            Model = isoApplet != null ? $"IsoApplet {isoApplet.ApiMajor}.{isoApplet.ApiMinor:00}" : _driver.Name,
            SerialNumber = tokenInfo?.SerialNumberHex ?? "",
            Initialized = _card.HasApplication,
            UserPinInitialized = isoApplet != null ? _card.HasApplication : userPin != null,
            ReadOnly = _driver.IsReadOnly || (tokenInfo?.EffectiveFlags.HasFlag(Pkcs15.Files.TokenFlags.ReadOnly) ?? false),
            HasSecurityOfficer = isoApplet != null || SoPinObject() != null,
            // IsoApplet: PIN 4..16 characters (IsoApplet.java PIN_MIN_LENGTH/PIN_MAX_LENGTH); other cards say it in their AODF.
            MinPinLength = isoApplet != null ? IsoAppletDriver.UserPin.Format.MinLength : userPin?.Attributes.MinLength ?? 4,
            MaxPinLength = isoApplet != null ? IsoAppletDriver.UserPin.Format.MaxLength : userPin?.Attributes.MaxLength ?? userPin?.Attributes.StoredLength ?? 16,
            Versions = new CkVersionPair(0, 0, isoApplet?.ApiMajor ?? 0, isoApplet?.ApiMinor ?? 0),
            Capabilities = CardCapabilityMapping.From(caps, _card),
        };
    }

    private IReadOnlyList<P15.PinObject> Pins => _card.Objects<P15.PinObject>(DirectoryKind.AuthObjects);

    private P15.PinObject? UserPinObject() =>
        Pins.FirstOrDefault(p => (p.Attributes.Flags & (P15.PinFlags.SoPin | P15.PinFlags.UnblockingPin)) == 0);

    private P15.PinObject? SoPinObject() =>
        Pins.FirstOrDefault(p => (p.Attributes.Flags & P15.PinFlags.SoPin) != 0);

    private PinReference UserPinReference()
    {
        // IsoApplet has one user PIN, reference 01, in a format the driver knows; no AODF read needed.
        if (_driver is IsoAppletDriver) return IsoAppletDriver.UserPin;
        var pin = UserPinObject();
        if (pin == null) return _driver is IsoAppletDriver ? IsoAppletDriver.UserPin : throw new Pkcs11Exception(CKR_USER_PIN_NOT_INITIALIZED, "the card has no user PIN");
        return Reference(pin, "User PIN");
    }

    private static PinReference Reference(P15.PinObject pin, string name)
    {
        var a = pin.Attributes;
        var format = new PinFormat(a.MinLength, a.MaxLength ?? a.StoredLength, a.StoredLength, a.PadChar ?? 0x00,
            (a.Flags & P15.PinFlags.NeedsPadding) != 0);
        return new PinReference((byte)(a.Reference ?? 0), format, pin.Label ?? name);
    }

    public IReadOnlyList<P11Object> LoadObjects(ObjectKind kind) => Guard(() => _objects.Load(kind));

    public PinStatus QueryPin(UserRole role) => Guard(() =>
    {
        if (role == UserRole.SecurityOfficer) return new PinStatus(null, null, false);
        var status = _driver.GetPinStatus(UserPinReference());
        return new PinStatus(status.TriesLeft, _driver is IsoAppletDriver ? IsoAppletPinTries : null, status.Blocked, status.VerificationRequired || status.Blocked);
    }, CardErrorMapping.Context.Pin);

    // IsoApplet: the user PIN allows 3 tries (IsoApplet.java PIN_MAX_TRIES).
    private const int IsoAppletPinTries = 3;

    public void VerifyPin(UserRole role, ReadOnlySpan<byte> pin)
    {
        var copy = pin.ToArray();
        try
        {
            Guard(() =>
            {
                if (role == UserRole.User)
                {
                    _driver.VerifyPin(UserPinReference(), copy);
                }
                else if (SoPinObject() is { } so)
                {
                    _driver.VerifyPin(Reference(so, "SO PIN"), copy);
                }
                else if (_driver is IsoAppletDriver)
                {
                    // IsoApplet's SO authority is its PUK, which the applet can only use to unblock
                    // (RESET RETRY COUNTER); it is checked by the card at C_InitPIN.
                    if (copy.Length != IsoAppletDriver.Puk.Format.StoredLength)
                        throw new Pkcs11Exception(CKR_PIN_LEN_RANGE, $"the IsoApplet PUK has {IsoAppletDriver.Puk.Format.StoredLength} characters");
                }
                else
                {
                    throw new Pkcs11Exception(CKR_USER_TYPE_INVALID, "this card has no security officer");
                }
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(copy);
        }
    }

    public void Logout() => Guard(() =>
    {
        _driver.Logout();
        return true;
    });

    public void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        var (o, n) = (oldPin.ToArray(), newPin.ToArray());
        try
        {
            Guard(() =>
            {
                var reference = role == UserRole.User ? UserPinReference()
                    : SoPinObject() is { } so ? Reference(so, "SO PIN")
                    : throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "the PUK of this card cannot be changed");
                _driver.ChangePin(reference, o, n);
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(o);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(n);
        }
    }

    public void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin)
    {
        var (puk, n) = (unblockingCode.ToArray(), newPin.ToArray());
        try
        {
            Guard(() =>
            {
                var pukReference = Pins.FirstOrDefault(p => (p.Attributes.Flags & P15.PinFlags.UnblockingPin) != 0) is { } unblocking
                    ? Reference(unblocking, "PUK")
                    : _driver is IsoAppletDriver ? IsoAppletDriver.Puk
                    : throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "this card has no unblocking PIN");
                if (_driver is IsoAppletDriver && !_driver.GetPinStatus(UserPinReference()).VerificationRequired)
                {
                    // C_InitPIN after C_InitToken on a blank applet: the applet waits for its first PIN.
                    new Pkcs15Personaliser(_card).SetInitialUserPin(n);
                    return true;
                }
                _driver.UnblockPin(UserPinReference(), pukReference, puk, n);
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(puk);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(n);
        }
    }

    public byte[] Sign(Objects.PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input)
    {
        var data = input.ToArray();
        var algorithm = kind switch
        {
            CardSignature.RsaPkcs1 => SignatureAlgorithm.RsaPkcs1,
            CardSignature.RsaPssPrehashed => SignatureAlgorithm.RsaPss,
            CardSignature.RsaRaw => SignatureAlgorithm.RsaRaw,
            CardSignature.EcdsaPrehashed => SignatureAlgorithm.Ecdsa,
            CardSignature.EcdsaSha1OnCard => SignatureAlgorithm.EcdsaSha1,
            _ => throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, $"the card driver has no {kind} signature"),
        };
        return Guard(() => _driver.Sign((CardKey)key.CardKey, algorithm, data));
    }

    public byte[] Decrypt(Objects.PrivateKeyObject key, CardDecryption kind, ReadOnlySpan<byte> ciphertext)
    {
        var data = ciphertext.ToArray();
        var algorithm = kind == CardDecryption.RsaRaw ? DecipherAlgorithm.RsaRaw : DecipherAlgorithm.RsaPkcs1;
        return Guard(() => _driver.Decipher((CardKey)key.CardKey, algorithm, data), CardErrorMapping.Context.Decrypt);
    }

    public byte[] DeriveSharedSecret(Objects.PrivateKeyObject key, ReadOnlySpan<byte> peerPublic)
    {
        var data = peerPublic.ToArray();
        return Guard(() => _driver.DeriveSharedSecret((CardKey)key.CardKey, data));
    }

    public byte[] GetRandom(int length) => Guard(() => _driver.GetChallenge(length));

    public void Reestablish() => _driver.InvalidateState();

    private static T Guard<T>(Func<T> body, CardErrorMapping.Context context = CardErrorMapping.Context.General)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.Map(e, context);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    public void EndCall(bool succeeded)
    {
        if (succeeded) _card.FlushCache();
        else _card.DiscardCache();
    }

    public void Dispose() => _transport.Dispose();
}
