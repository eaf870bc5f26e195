using System.Security.Cryptography;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens.Card;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.OpenPgp;

/// <summary>
/// A token over the OpenPGP card application: three key slots (signature 01, decryption 02, authentication 03)
/// with their public keys and certificates, PW1 as the user PIN (VERIFY 82 at C_Login, 81 before each signature
/// with the signature key while the card wants PW1 per signature: that key is CKA_ALWAYS_AUTHENTICATE), PW3 as
/// the SO, who writes (generation as GnuPG does it, certificates, import) and resets the card (C_InitToken).
/// Everything comes from the driver's copy of the application related data (6E, read once when the card is
/// connected) and the cardholder data (65): opening costs no APDU beyond those; public keys and certificates are
/// read when first asked for.
/// </summary>
internal sealed partial class OpenPgpTokenDevice : ITokenDevice
{
    private readonly OpenPgpDriver _driver;
    private readonly IDisposable? _owned;
    private readonly object _gate = new();
    private readonly int[] _keyGenerations = new int[3];
    private readonly int[] _certificateGenerations = new int[3];
    private readonly Lazy<KeyMaterial>?[] _material = new Lazy<KeyMaterial>?[3];
    private CardholderData _cardholder;
    private TokenDescription _description;
    private IReadOnlyDictionary<OpenPgpKeyRef, byte[]>? _certificates;
    private bool _pinStatusSpent;

    /// <summary>The role whose VERIFY this module just made with success (its counter is full): the next QueryPin needs no APDU.</summary>
    private UserRole? _verifiedJustNow;

    /// <summary>The passwords this module verified since its last logout (not those verified already by another program).</summary>
    private readonly HashSet<OpenPgpPassword> _verified = [];

    private OpenPgpTokenDevice(OpenPgpDriver driver, CardholderData cardholder, IDisposable? owned)
    {
        _driver = driver;
        _owned = owned;
        _cardholder = cardholder;
        _description = Describe();
    }

    /// <summary>The token of the OpenPGP application found on a card; the card's connection stays its finder's.</summary>
    public static ITokenDevice Open(CardApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var driver = application.Driver as OpenPgpDriver
            ?? throw new ArgumentException($"not an OpenPGP application: {application.Driver.Name}", nameof(application));
        return Open(driver, owned: null);
    }

    /// <summary>Over a transport of its own (in-process tests, fuzzing): disposing the device closes the transport.</summary>
    public static ITokenDevice Open(Func<ICardTransport> openTransport)
    {
        ICardTransport? transport = null;
        try
        {
            transport = openTransport();
            var found = DriverRegistry.Default.FindApplications(transport);
            if (found.Found.FirstOrDefault(a => a.Driver is OpenPgpDriver) is not { } application)
                throw new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, $"no OpenPGP application on the card in {transport.ReaderName}: {found.Reason}");
            return Open((OpenPgpDriver)application.Driver, transport);
        }
        catch (Exception e)
        {
            transport?.Dispose();
            var mapped = CardErrorMapping.MapConnectFailure(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    private static OpenPgpTokenDevice Open(OpenPgpDriver driver, IDisposable? owned)
    {
        try
        {
            Log.Info("token", $"{driver.Transport.ReaderName}: {driver.Name} ({driver.Version})");
            var cardholder = driver.Terminated ? CardholderData.Empty : driver.ReadCardholderData();
            return new OpenPgpTokenDevice(driver, cardholder, owned);
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.MapConnectFailure(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    public TokenDescription Description
    {
        get
        {
            lock (_gate) return _description;
        }
    }

    /// <summary>Describes the card again after a write changed what it holds (attributes, name, a reset).</summary>
    private void Redescribe()
    {
        lock (_gate) _description = Describe();
    }

    private TokenDescription Describe()
    {
        var facts = _driver.Facts;
        var versions = new CkVersionPair(facts.Hardware.Major, facts.Hardware.Minor, facts.Firmware.Major, facts.Firmware.Minor);
        if (_driver.Terminated)
        {
            // Only C_InitToken (a factory reset with PW3) helps; nothing can be logged in to.
            return new TokenDescription
            {
                Label = "OpenPGP card (terminated)",
                Manufacturer = "OpenPGP project",
                Model = facts.Model,
                SerialNumber = "",
                HasSecurityOfficer = true,
                WriteAuthority = UserRole.SecurityOfficer,
                Versions = versions,
                Capabilities = new DeviceCapabilities(),
            };
        }
        var data = _driver.ApplicationData;
        var (min, max) = _driver.LengthLimits(OpenPgpPassword.Pw1);
        var name = _cardholder.DisplayName;
        return new TokenDescription
        {
            Label = name.Length > 0 ? name : $"OpenPGP card {data.Aid.SerialText}",
            Manufacturer = data.Aid.ManufacturerName is "unknown" or "unmanaged S/N range" or "test card" ? "OpenPGP project" : data.Aid.ManufacturerName,
            Model = facts.Model,
            // As OpenSC's pkcs15-openpgp: manufacturer and serial from the AID, 12 hex digits.
            SerialNumber = Convert.ToHexStringLower(data.Aid.SerialNumber),
            Initialized = true,
            UserPinInitialized = true,
            HasSecurityOfficer = true,
            MinPinLength = min,
            MaxPinLength = max,
            WriteAuthority = UserRole.SecurityOfficer,
            Versions = versions,
            Capabilities = OpenPgpCapabilities.Of(data),
        };
    }

    private ApplicationRelatedData Data => _driver.Terminated
        ? throw new Pkcs11Exception(CKR_DEVICE_ERROR, "the OpenPGP application is terminated; C_InitToken (a factory reset) brings it back")
        : _driver.ApplicationData;

    // ---- objects

    public IReadOnlyList<P11Object> LoadObjects(ObjectKind kind) => Guard(() =>
    {
        if (_driver.Terminated) return (IReadOnlyList<P11Object>)[];
        return kind switch
        {
            ObjectKind.PrivateKeys => PresentKeys().Select(k => (P11Object)PrivateKey(k)).ToList(),
            ObjectKind.PublicKeys => PresentKeys().Select(k => (P11Object)PublicKey(k)).ToList(),
            ObjectKind.Certificates => Certificates().Select(c => (P11Object)Certificate(c.Key)).ToList(),
            _ => [],
        };
    });

    /// <summary>
    /// The slots that hold a key: the key information DO (3.4) or a fingerprint says so; a card that tells neither
    /// is asked for the public key (one APDU per such slot).
    /// </summary>
    private List<OpenPgpKeyRef> PresentKeys()
    {
        var data = Data;
        var keys = new List<OpenPgpKeyRef>();
        foreach (var key in OpenPgpKeyRefs.All)
        {
            var attributes = data.AttributesOf(key);
            if (OpenPgpTokenObjects.KindOf(attributes) is null)
            {
                if (data.KeyPresent(key) == true)
                    Log.Info("token", $"{_driver.Transport.ReaderName}: the {key.Label().ToLowerInvariant()} ({attributes}) is not shown: unknown algorithm");
                continue;
            }
            var present = data.KeyPresent(key) ?? TryReadPublicKey(key) != null;
            if (present) keys.Add(key);
        }
        return keys;
    }

    private OpenPgpPublicKey? TryReadPublicKey(OpenPgpKeyRef key)
    {
        var publicKey = _driver.ReadPublicKey(key);
        if (publicKey != null) RememberMaterial(key, OpenPgpTokenObjects.Material(publicKey));
        return publicKey;
    }

    private OpenPgpObjectEntry Entry(OpenPgpKeyRef key, OpenPgpObjectGroup group)
    {
        lock (_gate)
            return new OpenPgpObjectEntry(key, group, group == OpenPgpObjectGroup.KeyPair ? _keyGenerations[key.Index()] : _certificateGenerations[key.Index()]);
    }

    private Objects.PrivateKeyObject PrivateKey(OpenPgpKeyRef key)
    {
        var data = Data;
        var a = data.AttributesOf(key);
        var kind = OpenPgpTokenObjects.KindOf(a)!.Value;
        // C4 byte 1 = 00: PW1 (81) is good for one PSO:CDS; each signature needs the PIN again (CKU_CONTEXT_SPECIFIC).
        var alwaysAuthenticate = key == OpenPgpKeyRef.Signature && !data.PwStatus.Pw1ValidForSeveralSignatures;
        return new Objects.PrivateKeyObject(key.Label(), OpenPgpTokenObjects.IdOf(key), modifiable: false, kind, OpenPgpTokenObjects.BitsOf(a),
            MaterialOf(key), OpenPgpTokenObjects.PrivateUsage(key, a), local: data.KeyStatus[key.Index()] == OpenPgpSpec.KeyStatus.Generated,
            alwaysAuthenticate, new OpenPgpKeyHandle(key, a), OpenPgpTokenObjects.AbilitiesOf(key, a))
        {
            Subject = () => SubjectOf(key),
            CardEntry = Entry(key, OpenPgpObjectGroup.KeyPair),
        };
    }

    private PublicKeyObject PublicKey(OpenPgpKeyRef key)
    {
        var data = Data;
        var a = data.AttributesOf(key);
        return new PublicKeyObject(key.Label(), OpenPgpTokenObjects.IdOf(key), modifiable: false, OpenPgpTokenObjects.KindOf(a)!.Value,
            OpenPgpTokenObjects.BitsOf(a), MaterialOf(key), OpenPgpTokenObjects.PublicUsage(key, a),
            local: data.KeyStatus[key.Index()] == OpenPgpSpec.KeyStatus.Generated)
        {
            Subject = () => SubjectOf(key),
            CardEntry = Entry(key, OpenPgpObjectGroup.KeyPair),
        };
    }

    /// <summary>The public key of a slot, read once (GENERATE 81) and shared by its private and public key objects.</summary>
    private Func<KeyMaterial> MaterialOf(OpenPgpKeyRef key)
    {
        Lazy<KeyMaterial> lazy;
        lock (_gate)
        {
            lazy = _material[key.Index()] ??= new Lazy<KeyMaterial>(() => Guard(() => ReadMaterial(key)), LazyThreadSafetyMode.PublicationOnly);
        }
        return () => lazy.Value;
    }

    private KeyMaterial ReadMaterial(OpenPgpKeyRef key)
    {
        var a = Data.AttributesOf(key);
        OpenPgpPublicKey? publicKey;
        try
        {
            publicKey = _driver.ReadPublicKey(key);
        }
        catch (Cards.Errors.CardException e) when (e.Error == Cards.Errors.CardError.UnexpectedResponse)
        {
            // A public key that does not fit the key's attributes (or does not parse): this key fails, the others work.
            Log.Error("token", $"{_driver.Transport.ReaderName}: the public key of the {key.Label().ToLowerInvariant()} is refused: {e.Message}");
            throw;
        }
        if (publicKey == null)
        {
            Log.Info("token", $"{_driver.Transport.ReaderName}: the card answers no public key for its {key.Label().ToLowerInvariant()}");
            return OpenPgpTokenObjects.Unknown(OpenPgpTokenObjects.KindOf(a)!.Value, OpenPgpTokenObjects.BitsOf(a));
        }
        return OpenPgpTokenObjects.Material(publicKey);
    }

    private void RememberMaterial(OpenPgpKeyRef key, KeyMaterial material)
    {
        lock (_gate) _material[key.Index()] = new Lazy<KeyMaterial>(material);
    }

    /// <summary>The certificates (SELECT DATA + GET DATA + GET NEXT DATA x2 on a 3.x card), read once.</summary>
    private IReadOnlyDictionary<OpenPgpKeyRef, byte[]> Certificates()
    {
        lock (_gate)
        {
            if (_certificates != null) return _certificates;
        }
        var read = _driver.ReadCertificates();
        lock (_gate) return _certificates ??= read;
    }

    private Objects.CertificateObject Certificate(OpenPgpKeyRef key)
    {
        byte[] Value() => Certificates().TryGetValue(key, out var der) ? der
            : throw new Pkcs11Exception(CKR_OBJECT_HANDLE_INVALID, $"the certificate of the {key.Label().ToLowerInvariant()} was removed");
        return new Objects.CertificateObject(OpenPgpTokenObjects.CertificateLabel(key), OpenPgpTokenObjects.IdOf(key), isAuthority: false,
            isPrivate: false, modifiable: true, Value)
        {
            CardEntry = Entry(key, OpenPgpObjectGroup.Certificate),
        };
    }

    /// <summary>CKA_SUBJECT of a key: its certificate's subject, when the slot has a certificate X.509 can read.</summary>
    private byte[]? SubjectOf(OpenPgpKeyRef key)
    {
        try
        {
            return Guard(() => Certificates().TryGetValue(key, out var der)
                ? new Org.BouncyCastle.X509.X509Certificate(der).SubjectDN.GetEncoded()
                : null);
        }
        catch (Exception e) when (e is not Pkcs11Exception)
        {
            return null;
        }
    }

    public bool IsStale(P11Object o)
    {
        if ((o as StorageObject)?.CardEntry is not OpenPgpObjectEntry entry) return false;
        return Entry(entry.Key, entry.Group).Generation != entry.Generation;
    }

    // ---- PINs

    /// <summary>
    /// The retry counters: from the 6E read at connection the first time (no APDU for C_GetTokenInfo), from C4 after
    /// that (the engine asks again after every PIN operation), except right after this module's own successful VERIFY:
    /// the card then has the counter back at its start (§7.2.2), no GET DATA C4 needed.
    /// </summary>
    public PinStatus QueryPin(UserRole role) => Guard(() =>
    {
        lock (_gate)
        {
            if (_verifiedJustNow == role)
            {
                _verifiedJustNow = null;
                return new PinStatus(OpenPgpSpec.DefaultTries, OpenPgpSpec.DefaultTries, false);
            }
        }
        var status = _pinStatusSpent ? _driver.ReadPwStatus() : Data.PwStatus;
        _pinStatusSpent = true;
        var tries = role == UserRole.SecurityOfficer ? status.Pw3Tries : status.Pw1Tries;
        return new PinStatus(tries, OpenPgpSpec.DefaultTries, tries == 0);
    }, CardErrorMapping.Context.Pin);

    /// <summary>
    /// C_Login: the user's PW1 as VERIFY 82 (decryption, authentication), and 81 as well when the card keeps PW1
    /// valid for several signatures (else each signature verifies 81 itself, <see cref="VerifyForKey"/>). The SO's
    /// PW3 as VERIFY 83.
    /// </summary>
    public void VerifyPin(UserRole role, ReadOnlySpan<byte> pin) => WithSecret(pin, secret => Guard(() =>
    {
        lock (_gate) _verifiedJustNow = null;
        OpenPgpPassword[] passwords = role == UserRole.SecurityOfficer ? [OpenPgpPassword.Pw3]
            : Data.PwStatus.Pw1ValidForSeveralSignatures ? [OpenPgpPassword.Pw1, OpenPgpPassword.Pw1Signature] : [OpenPgpPassword.Pw1];
        // One transaction: the empty VERIFY 82 that checks the selection at its start also says whether PW1 is verified.
        using (_driver.BeginTransaction())
        {
            foreach (var password in passwords)
            {
                // Verified already by another program sharing the card (an empty VERIFY, §7.2.2): logout leaves it so.
                var verifiedBefore = Data.Aid.Version >= 0x0200 && _driver.GetStatus(password).TriesLeft == null;
                _driver.Verify(password, secret);
                if (!verifiedBefore) _verified.Add(password);
            }
        }
        lock (_gate) _verifiedJustNow = role;
        return true;
    }, CardErrorMapping.Context.Pin));

    /// <summary>CKU_CONTEXT_SPECIFIC before a signature with the signature key: VERIFY 81, good for that one PSO:CDS.</summary>
    public void VerifyForKey(Objects.PrivateKeyObject key, ReadOnlySpan<byte> pin) => WithSecret(pin, secret => Guard(() =>
    {
        var slot = HandleOf(key).Key;
        var password = slot == OpenPgpKeyRef.Signature ? OpenPgpPassword.Pw1Signature : OpenPgpPassword.Pw1;
        _driver.Verify(password, secret);
        _verified.Add(password);
        return true;
    }, CardErrorMapping.Context.Pin));

    /// <summary>
    /// VERIFY FF for each password this module verified (3.x; older cards are selected again); those another program
    /// had verified before this login stay verified, as it left them.
    /// </summary>
    public void Logout() => Guard(() =>
    {
        lock (_gate) _verifiedJustNow = null;
        if (!_driver.Terminated) _driver.Logout(_verified);
        _verified.Clear();
        return true;
    });

    /// <summary>C_SetPIN: CHANGE REFERENCE DATA of PW1 (user) or PW3 (SO).</summary>
    public void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        var (o, n) = (oldPin.ToArray(), newPin.ToArray());
        try
        {
            Guard(() =>
            {
                _driver.ChangePassword(role == UserRole.SecurityOfficer ? OpenPgpPassword.Pw3 : OpenPgpPassword.Pw1, o, n);
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(o);
            CryptographicOperations.ZeroMemory(n);
        }
    }

    /// <summary>
    /// C_InitPIN: the SO's PW3 (<paramref name="unblockingCode"/>, as given at C_Login(CKU_SO)) is verified again and
    /// RESET RETRY COUNTER P1 02 sets PW1 with its counter back to 3. (The resetting code, which needs no PW3, is
    /// `sharpsc pin unblock`'s.)
    /// </summary>
    public void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin)
    {
        var (pw3, n) = (unblockingCode.ToArray(), newPin.ToArray());
        try
        {
            Guard(() =>
            {
                using var transaction = _driver.BeginTransaction();
                _driver.Verify(OpenPgpPassword.Pw3, pw3);
                _driver.ResetPw1WithPw3(n);
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pw3);
            CryptographicOperations.ZeroMemory(n);
        }
    }

    // ---- crypto

    /// <summary>
    /// The signature key signs with PSO:CDS, the authentication key with INTERNAL AUTHENTICATE; the card pads RSA
    /// (PKCS#1 v1.5 around what it is given: a DigestInfo, or CKM_RSA_PKCS's raw input), takes the hash for ECDSA
    /// (answering r || s) and the message for EdDSA.
    /// </summary>
    public byte[] Sign(Objects.PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input)
    {
        var handle = HandleOf(key);
        if (!OpenPgpTokenObjects.AbilitiesOf(handle.Key, handle.Attributes).Signatures.Contains(kind))
            throw new Pkcs11Exception(CKR_KEY_FUNCTION_NOT_PERMITTED, $"the {handle.Key.Label().ToLowerInvariant()} ({handle.Attributes}) does not make {kind} signatures");
        var data = input.ToArray();
        return Guard(() =>
        {
            var signature = _driver.Sign(handle.Key, data);
            // PW1 (81) good for one PSO:CDS: the card has forgotten it (§4.4.1 C4), logout need not reset it.
            if (handle.Key == OpenPgpKeyRef.Signature && !Data.PwStatus.Pw1ValidForSeveralSignatures)
                _verified.Remove(OpenPgpPassword.Pw1Signature);
            return signature;
        });
    }

    /// <summary>PSO:DECIPHER with the decryption key: the card removes the PKCS#1 v1.5 padding.</summary>
    public byte[] Decrypt(Objects.PrivateKeyObject key, CardDecryption kind, ReadOnlySpan<byte> ciphertext)
    {
        var handle = HandleOf(key);
        if (kind != CardDecryption.RsaPkcs1 || !handle.Attributes.IsRsa || handle.Key != OpenPgpKeyRef.Decryption)
            throw new Pkcs11Exception(CKR_KEY_FUNCTION_NOT_PERMITTED, $"the {handle.Key.Label().ToLowerInvariant()} does not decrypt {kind}");
        var data = ciphertext.ToArray();
        return Guard(() => _driver.Decipher(handle.Key, data), CardErrorMapping.Context.Decrypt);
    }

    /// <summary>ECDH and X25519 with the decryption key: PSO:DECIPHER of the cipher DO A6 around the peer's public value.</summary>
    public byte[] DeriveSharedSecret(Objects.PrivateKeyObject key, ReadOnlySpan<byte> peerPublic)
    {
        var handle = HandleOf(key);
        if (!OpenPgpTokenObjects.AbilitiesOf(handle.Key, handle.Attributes).KeyAgreement)
            throw new Pkcs11Exception(CKR_KEY_FUNCTION_NOT_PERMITTED, $"the {handle.Key.Label().ToLowerInvariant()} ({handle.Attributes}) does not agree keys");
        var data = peerPublic.ToArray();
        return Guard(() => _driver.Decipher(handle.Key, data));
    }

    public byte[] GetRandom(int length) => Guard(() => _driver.GetChallenge(length));

    private static OpenPgpKeyHandle HandleOf(Objects.PrivateKeyObject key) =>
        key.CardKey as OpenPgpKeyHandle ?? throw new Pkcs11Exception(CKR_KEY_HANDLE_INVALID, "not a key of this OpenPGP card");

    // ---- life cycle

    public void Reestablish() => _driver.InvalidateState();

    public IDisposable? HoldCard() => Guard(() => _driver.BeginTransaction());

    public void EndCall(bool succeeded)
    {
    }

    public void Dispose() => _owned?.Dispose();

    private static void WithSecret(ReadOnlySpan<byte> secret, Action<byte[]> use)
    {
        var copy = secret.ToArray();
        try
        {
            use(copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

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
}
