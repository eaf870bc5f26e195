using SharpSC.Cards.Drivers;
using SharpSC.Cards.Families;
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
/// A token device over a PKCS#15 card application: the driver the registry bound to it and the card's PKCS#15
/// structure. Every family with a PKCS#15 file system (IsoApplet, generic PKCS#15, MyEID) uses it; what
/// differs between them it asks the driver (<see cref="CardDriver.Facts"/>, <see cref="CardDriver.Personalisation"/>).
/// Every card failure leaves here translated by <see cref="CardErrorMapping"/>.
/// </summary>
internal sealed partial class CardTokenDevice : ITokenDevice
{
    private readonly CardDriver _driver;
    private readonly IDisposable? _owned;
    private Pkcs15Card _card;
    private readonly CardObjectLoader _objects;
    private readonly TokenDescription _description;

    private CardTokenDevice(CardDriver driver, Pkcs15Card card, IDisposable? owned)
    {
        _driver = driver;
        _card = card;
        _owned = owned;
        _objects = new CardObjectLoader(() => _card);
        _description = Describe();
    }

    private string ReaderName => _driver.Transport.ReaderName;

    /// <summary>
    /// The token of a PKCS#15 application found on a card (IsoApplet, generic PKCS#15, ...): reads its PKCS#15
    /// structure through the bound driver. The card's connection stays its finder's (other applications share it).
    /// </summary>
    public static ITokenDevice Open(CardApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return Open(application.Driver, owned: null);
    }

    /// <summary>Over a transport of its own (in-process tests, fuzzing): the card's first application; disposing the device closes the transport.</summary>
    public static ITokenDevice Open(Func<ICardTransport> openTransport)
    {
        ICardTransport? transport = null;
        try
        {
            transport = openTransport();
            var found = DriverRegistry.Default.FindApplications(transport);
            if (found.Found.FirstOrDefault() is not { } application)
                throw new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, $"no driver for the card in {transport.ReaderName}: {found.Reason}");
            return Open(application.Driver, transport);
        }
        catch (Exception e)
        {
            transport?.Dispose();
            var mapped = CardErrorMapping.MapConnectFailure(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    private static CardTokenDevice Open(CardDriver driver, IDisposable? owned)
    {
        var reader = driver.Transport.ReaderName;
        try
        {
            Log.Info("token", $"{reader}: {driver.Name} ({driver.Version})");
            var card = Pkcs15Card.Open(driver);
            if (!card.HasApplication) Log.Info("token", $"{reader}: no PKCS#15 application ({card.MissingReason})");
            else if (card.CachedFiles > 0) Log.Info("token", $"{reader}: {card.CachedFiles} PKCS#15 files from the cache");
            return new CardTokenDevice(driver, card, owned);
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.MapConnectFailure(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    public TokenDescription Description => _description;

    private TokenDescription Describe()
    {
        var tokenInfo = _card.TokenInfo;
        var facts = _driver.Facts;
        var fixedPin = facts.Pins.UserPinFixed ? facts.Pins.UserPin : null;
        // A card whose family fixes the user PIN needs no AODF read here; other cards say it in their AODF.
        var userPin = fixedPin is null ? UserPinObject() : null;
        var caps = _driver.Capabilities;
        return new TokenDescription
        {
            Label = tokenInfo?.Label ?? "",
            Manufacturer = tokenInfo?.ManufacturerId ?? _driver.Name,
            Model = facts.Model,
            SerialNumber = tokenInfo?.SerialNumberHex ?? "",
            Initialized = _card.HasApplication,
            UserPinInitialized = fixedPin is not null ? _card.HasApplication : userPin != null,
            ReadOnly = _driver.IsReadOnly || (tokenInfo?.EffectiveFlags.HasFlag(Pkcs15.Files.TokenFlags.ReadOnly) ?? false),
            HasSecurityOfficer = facts.Pins.SecurityOfficer.Kind != SecurityOfficerKind.None || SoPinObject() != null,
            MinPinLength = fixedPin?.Format.MinLength ?? userPin?.Attributes.MinLength ?? facts.Pins.UserPin?.Format.MinLength ?? 4,
            MaxPinLength = fixedPin?.Format.MaxLength ?? userPin?.Attributes.MaxLength ?? userPin?.Attributes.StoredLength ?? facts.Pins.UserPin?.Format.MaxLength ?? 16,
            Versions = new CkVersionPair(facts.Hardware.Major, facts.Hardware.Minor, facts.Firmware.Major, facts.Firmware.Minor),
            Capabilities = CardCapabilityMapping.From(caps, _card),
        };
    }

    private IReadOnlyList<P15.PinObject> Pins => _card.Objects<P15.PinObject>(DirectoryKind.AuthObjects);

    private P15.PinObject? UserPinObject() => Pkcs15Pins.FindUserPin(Pins);

    private P15.PinObject? SoPinObject() => Pkcs15Pins.FindSoPin(Pins);

    /// <summary>The user PIN: the family's own when it fixes it (no AODF read), else the AODF's, else the family's default.</summary>
    private PinReference UserPinReference()
    {
        var facts = _driver.Facts.Pins;
        if (facts.UserPinFixed && facts.UserPin is { } fixedPin) return fixedPin;
        return Pkcs15Pins.UserPinReference(Pins, _driver)
            ?? throw new Pkcs11Exception(CKR_USER_PIN_NOT_INITIALIZED, "the card has no user PIN");
    }

    /// <summary>The PUK of the user PIN: the AODF's unblocking PIN, or the family's (IsoApplet's, which its AODF does not list).</summary>
    private PinReference? PukReference() => Pkcs15Pins.UnblockingPinReference(Pins, _driver, UserPinReference());

    /// <summary>The SO PIN the card verifies: the AODF's, or the family's.</summary>
    private PinReference? SoPinReference() =>
        SoPinObject() is { } so ? Pkcs15Pins.ToReference(so, "SO PIN")
        : _driver.Facts.Pins.SecurityOfficer is { Kind: SecurityOfficerKind.Pin, Pin: { } pin } ? pin
        : null;

    public IReadOnlyList<P11Object> LoadObjects(ObjectKind kind) => Guard(() => _objects.Load(kind));

    public bool IsComplete(ObjectKind kind) => _objects.IsComplete(kind);

    public PinStatus QueryPin(UserRole role) => Guard(() =>
    {
        if (role == UserRole.SecurityOfficer) return new PinStatus(null, null, false);
        var status = _driver.GetPinStatus(UserPinReference());
        var facts = _driver.Facts.Pins;
        return new PinStatus(status.TriesLeft, facts.UserPinTries, status.Blocked,
            status.VerificationRequired || status.Blocked || facts.SuccessMeansVerified);
    }, CardErrorMapping.Context.Pin);

    public void VerifyPin(UserRole role, ReadOnlySpan<byte> pin)
    {
        var copy = pin.ToArray();
        try
        {
            Guard(() =>
            {
                if (role == UserRole.User)
                    _driver.VerifyPin(UserPinReference(), copy);
                else
                    VerifySecurityOfficer(copy);
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(copy);
        }
    }

    private void VerifySecurityOfficer(byte[] secret)
    {
        if (SoPinReference() is { } so)
        {
            _driver.VerifyPin(so, secret);
            return;
        }
        var pins = _driver.Facts.Pins;
        if (pins.SecurityOfficer.Kind != SecurityOfficerKind.Puk || pins.Puk is not { } puk)
            throw new Pkcs11Exception(CKR_USER_TYPE_INVALID, "this card has no security officer");
        // The PUK is the SO's secret, which the card can only use to unblock (RESET RETRY COUNTER): it is
        // checked by the card at C_InitPIN; here only its length.
        CheckLength(secret.Length, puk.Format, $"the {puk.Name}");
    }

    private static void CheckLength(int length, PinFormat format, string what)
    {
        if (length < format.MinLength || length > format.MaxLength)
            throw new Pkcs11Exception(CKR_PIN_LEN_RANGE, format.MinLength == format.MaxLength
                ? $"{what} has {format.MinLength} characters"
                : $"{what} has {format.MinLength} to {format.MaxLength} characters");
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
                    : SoPinReference() ?? throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "the PUK of this card cannot be changed");
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

    /// <summary>C_InitPIN with the SO's secret, as the card family sets the user PIN (<see cref="CardPersonalisation.InitUserPin"/>).</summary>
    public void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin)
    {
        var (puk, n) = (unblockingCode.ToArray(), newPin.ToArray());
        try
        {
            Guard(() =>
            {
                if (_driver.Personalisation is null)
                {
                    // A read-only card: the PUK the AODF lists, if any, unblocks the user PIN.
                    var pukReference = PukReference() ?? throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "this card has no unblocking PIN");
                    _driver.UnblockPin(UserPinReference(), pukReference, puk, n);
                    return true;
                }
                var p = new Pkcs15Personaliser(_card);
                try
                {
                    p.InitUserPin(UserPinReference(), PukReference(), puk, n);
                }
                finally
                {
                    _card = p.Card;
                }
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

    public IDisposable? HoldCard() => Guard(() => _driver.BeginTransaction());

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

    public void Dispose() => _owned?.Dispose();
}
