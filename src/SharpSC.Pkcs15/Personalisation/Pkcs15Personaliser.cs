using SharpSC.Cards.Drivers;
using SharpSC.Cards.Families;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Pins;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// The write side of PKCS#15: creates the structure on a blank card, generates and imports keys, stores
/// certificates and data objects, changes and deletes objects, erases the card. One writer for the CLI and
/// the PKCS#11 module. Every operation runs in one card transaction, needs the user PIN verified in the card
/// session (<see cref="VerifyUserPin"/>, or C_Login), writes files before the directory entries that point to
/// them, and leaves <see cref="Card"/> describing the card afterwards, so callers refresh without reading the
/// card again. Failures before the commit are undone; see docs/PERSONALISATION.md for the remaining windows.
/// </summary>
public sealed class Pkcs15Personaliser
{
    private readonly TimeProvider _clock;

    public Pkcs15Personaliser(Pkcs15Card card, PersonalisationProfile? profile = null, TimeProvider? clock = null)
    {
        Card = card ?? throw new ArgumentNullException(nameof(card));
        Profile = profile ?? PersonalisationProfile.For(card.Driver);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The card's structure as it is after the last operation (also after a failed one).</summary>
    public Pkcs15Card Card { get; private set; }

    public CardDriver Driver => Card.Driver;

    public PersonalisationProfile Profile { get; }

    /// <summary>The user PIN as the AODF describes it (the card's own before initialisation).</summary>
    public PinReference UserPin => Pkcs15Pins.UserPinReference(Card.Application, Driver)
        ?? throw new PersonalisationException(PersonalisationError.NotSupported, "this card has no user PIN");

    /// <summary>The PUK of the user PIN (the AODF's, or the card family's when the AODF lists none, as on IsoApplet).</summary>
    public PinReference UnblockingPin => Pkcs15Pins.UnblockingPinReference(Card.Application, Driver, UserPin)
        ?? throw new PersonalisationException(PersonalisationError.NotSupported, "this card has no PUK");

    public void VerifyUserPin(ReadOnlySpan<byte> pin) => Driver.VerifyPin(UserPin, pin);

    public PinStatus GetUserPinStatus() => Driver.GetPinStatus(UserPin);

    public void ChangeUserPin(ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin) => Driver.ChangePin(UserPin, oldPin, newPin);

    public void UnblockUserPin(ReadOnlySpan<byte> puk, ReadOnlySpan<byte> newPin) => Driver.UnblockPin(UserPin, UnblockingPin, puk, newPin);

    /// <summary>
    /// C_InitPIN: the security officer, logged in with <paramref name="soSecret"/>, gives the token the user PIN
    /// (<paramref name="userPin"/> and <paramref name="puk"/> as the caller resolved them). The card family does
    /// the card commands (IsoApplet: the first PIN of a blank applet, else an unblock with the PUK); a token
    /// whose AODF lists no user PIN yet gets the layout's entry for it.
    /// </summary>
    public void InitUserPin(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret, ReadOnlySpan<byte> newPin)
    {
        ArgumentNullException.ThrowIfNull(userPin);
        using var transaction = Driver.BeginTransaction();
        Profile.Family.InitUserPin(userPin, puk, soSecret, newPin);
        if (Card.HasApplication && Pkcs15Pins.FindUserPin(Card.Objects<PinObject>(DirectoryKind.AuthObjects)) is null)
        {
            var entry = PersonalisationProfile.ToPinObject(Profile.Layout.UserPinEntry);
            Write(s =>
            {
                s.Append(DirectoryKind.AuthObjects, entry, undoable: false);
                s.CommitAndTouch("the user PIN entry", Snapshot);
                return true;
            });
        }
    }

    /// <summary>
    /// C_InitToken: (re)creates the token with the security officer's secret, as the card family says
    /// (<see cref="CardPersonalisation.InitTokenSetup"/>). On a card that carries a token the secret is proven
    /// to the card before anything is erased (<see cref="CardPersonalisation.ProveSecurityOfficer"/>).
    /// </summary>
    public InitializationResult InitializeTokenAsSecurityOfficer(ReadOnlyMemory<byte> soSecret, string label)
    {
        using var transaction = Driver.BeginTransaction();
        var erase = Card.HasApplication;
        if (erase)
        {
            Profile.Family.ProveSecurityOfficer(UserPin, Pkcs15Pins.UnblockingPinReference(Card.Application, Driver, UserPin), soSecret.Span);
            Erase();
        }
        var setup = Profile.Family.InitTokenSetup(soSecret, erase);
        return InitializeToken(new TokenInitialization
        {
            Label = label,
            UserPin = setup.UserPin,
            Puk = setup.Puk,
            SoPin = setup.SoPin,
            SoPuk = setup.SoPuk,
        });
    }

    /// <summary>Stores a public key on its own (C_CreateObject CKO_PUBLIC_KEY): file 33xx and PuKDF entry.</summary>
    public ObjectResult<PublicKeyObject> StorePublicKey(PublicKeyStoreRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(s => KeyPairWriter.StorePublicKey(s, request, Snapshot));
    }

    /// <summary>
    /// Creates the PKCS#15 structure with its PINs on a card that has none (sharpsc init), as the card family
    /// sets PINs up (<see cref="CardPersonalisation.SetUpPins"/>; IsoApplet: a blank applet gets PUK and PIN; on
    /// an applet that had them before, erased since, the PIN must be the current one, or the PUK sets it).
    /// </summary>
    public InitializationResult InitializeToken(TokenInitialization request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Card.Application is { } existing)
            throw new PersonalisationException(PersonalisationError.AlreadyInitialized,
                $"the card already carries a PKCS#15 structure (token '{existing.TokenInfo.Label}'): erase it first");
        using var transaction = Driver.BeginTransaction();
        var initializer = new TokenInitializer(Driver, Profile, _clock);
        Card = Card.WithApplication(initializer.Run(request));
        return new InitializationResult(Card, initializer.Notes);
    }

    /// <summary>Generates a key pair in a free key slot (C_GenerateKeyPair): public key file, PuKDF and PrKDF entries.</summary>
    public KeyPairResult GenerateKeyPair(KeyGenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(s => KeyPairWriter.Generate(s, request, Snapshot));
    }

    /// <summary>Imports a private key (C_CreateObject CKO_PRIVATE_KEY) with its public key file and entries.</summary>
    public KeyPairResult ImportKeyPair(KeyImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(s => KeyPairWriter.Import(s, request, Snapshot));
    }

    /// <summary>Stores an X.509 certificate (C_CreateObject CKO_CERTIFICATE), by default with its key's id.</summary>
    public ObjectResult<CertificateObject> StoreCertificate(CertificateStoreRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(s => ObjectWriter.StoreCertificate(s, request, Snapshot));
    }

    /// <summary>Stores a data object (C_CreateObject CKO_DATA), private or public.</summary>
    public ObjectResult<DataObject> StoreDataObject(DataObjectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(s => ObjectWriter.StoreData(s, request, Snapshot));
    }

    /// <summary>
    /// Imports a PKCS#12 file's key, certificate and (optionally) CA certificates. When a later step fails the
    /// objects stored before it are deleted again.
    /// </summary>
    public Pkcs12ImportResult ImportPkcs12(Pkcs12Contents contents, Pkcs12ImportOptions? options = null) =>
        new Pkcs12Importer(this).Run(contents, options ?? new Pkcs12ImportOptions());

    /// <summary>Deletes an object (C_DestroyObject): its entry, then its file; a private key's slot is overwritten when asked.</summary>
    public Pkcs15Card DeleteObject(Pkcs15Object obj, bool destroyKeyMaterial = true) => DeleteObjects([obj], destroyKeyMaterial);

    /// <summary>Deletes several objects (certificates and public keys before private keys).</summary>
    public Pkcs15Card DeleteObjects(IReadOnlyList<Pkcs15Object> objects, bool destroyKeyMaterial = true)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return Write(s =>
        {
            ObjectEditor.Delete(s, objects, destroyKeyMaterial);
            s.CommitAndTouch($"the deletion of {objects.Count} object(s)", Snapshot);
            return Snapshot(s.Application);
        });
    }

    /// <summary>Replaces an entry with a changed one of the same type (C_SetAttributeValue).</summary>
    public ObjectResult<Pkcs15Object> UpdateObject(Pkcs15Object existing, Pkcs15Object replacement)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(replacement);
        return Write(s =>
        {
            var stored = ObjectEditor.Update(s, existing, replacement);
            s.CommitAndTouch($"the change of '{existing.Label}'", Snapshot);
            return new ObjectResult<Pkcs15Object>(Snapshot(s.Application), stored);
        });
    }

    /// <summary>Changes an object's label (CKA_LABEL).</summary>
    public ObjectResult<Pkcs15Object> SetLabel(Pkcs15Object obj, string label) => UpdateObject(obj, ObjectEditor.WithLabel(obj, label));

    /// <summary>Changes a key's or certificate's iD (CKA_ID).</summary>
    public ObjectResult<Pkcs15Object> SetId(Pkcs15Object obj, Pkcs15Id id) => UpdateObject(obj, ObjectEditor.WithId(obj, id));

    /// <summary>Changes the token label in TokenInfo and EF.DIR.</summary>
    public Pkcs15Card SetTokenLabel(string label)
    {
        if (string.IsNullOrWhiteSpace(label))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, "the token needs a label");
        return Write(s =>
        {
            s.Commit();
            s.TouchTokenInfo(s.Application.TokenInfo with { Label = label });
            if (s.ReadEfDir() is { } dir && dir.FindApplication(Files.EfDir.Pkcs15Aid) is { } template)
            {
                var updated = dir with { Applications = ValueList.From(dir.Applications.Select(a => a == template ? a with { Label = label } : a)) };
                s.WriteEfDir(updated);
            }
            return Snapshot(s.Application);
        });
    }

    /// <summary>
    /// Takes the card back to blank: key slots overwritten (optional, needs the PIN), application DF and EF.DIR
    /// deleted. Works on cards whose structure is unreadable too. PINs stay (IsoApplet cannot reset them).
    /// </summary>
    public EraseResult Erase(EraseOptions? options = null)
    {
        using var transaction = Driver.BeginTransaction();
        var steps = CardEraser.Run(Driver, Profile, Card.Application, options ?? new EraseOptions());
        Card = Card.WithApplication(null, "erased");
        return new EraseResult(Card, steps);
    }

    private Pkcs15Card Snapshot(Pkcs15Application application) => Card.WithApplication(application);

    private T Write<T>(Func<WriteSession, T> body)
    {
        var application = Card.Application
            ?? throw new PersonalisationException(PersonalisationError.NotInitialized, "the card has no PKCS#15 structure: initialise it first");
        using var transaction = Driver.BeginTransaction();
        var session = new WriteSession(Driver, Profile, application, _clock);
        try
        {
            var result = body(session);
            Card = Snapshot(session.Application);
            return result;
        }
        catch (Exception e) when (e is CardException or Cards.Transport.CardTransportException or PersonalisationException or Pkcs15FormatException)
        {
            var incomplete = session.RollBack(e);
            Card = e is PersonalisationException { Current: { } current } ? current : Snapshot(session.Application);
            if (incomplete is null)
                throw;
            throw incomplete;
        }
    }
}
