using SharpSC.Pkcs11.Objects;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>Who is logging in, in PKCS#11 terms.</summary>
public enum UserRole
{
    User,
    SecurityOfficer,
}

/// <summary>
/// What the card says about a PIN: tries left, blocked; null counters when the card cannot tell.
/// <paramref name="IsSet"/> is false while the card has no PIN yet (IsoApplet after C_InitToken on a blank applet).
/// </summary>
public sealed record PinStatus(int? TriesLeft, int? MaxTries, bool Blocked, bool IsSet = true);

/// <summary>The groups of token objects, each loaded from the card only when a caller needs it.</summary>
public enum ObjectKind
{
    Certificates,
    PublicKeys,
    PrivateKeys,
    Data,
}

/// <summary>The token's fixed facts, read when the card is connected.</summary>
public sealed record TokenDescription
{
    public required string Label { get; init; }
    public required string Manufacturer { get; init; }
    public required string Model { get; init; }
    public required string SerialNumber { get; init; }
    public bool Initialized { get; init; }
    public bool UserPinInitialized { get; init; }
    public bool ReadOnly { get; init; }
    public bool ProtectedAuthenticationPath { get; init; }
    public bool HasSecurityOfficer { get; init; }
    public int MinPinLength { get; init; } = 4;
    public int MaxPinLength { get; init; } = 16;

    /// <summary>
    /// Who writes token objects (key generation, import, certificates, deletion): the user on PKCS#15 cards,
    /// the SO on cards whose writes need the SO's authority (PIV: the management key; OpenPGP: PW3).
    /// </summary>
    public UserRole WriteAuthority { get; init; } = UserRole.User;
    /// <summary>
    /// The card may hold private keys it uses without any PIN (PIV's card authentication key 9E): they are no
    /// private objects, so the private keys are listed before login too.
    /// </summary>
    public bool KeysWithoutPin { get; init; }
    /// <summary>
    /// CKF_LOGIN_REQUIRED with the user PIN: some function needs a login. False for a token none of whose functions
    /// does, though it has a PIN (PIV's card authentication token).
    /// </summary>
    public bool LoginRequired { get; init; } = true;

    public CkVersionPair Versions { get; init; }
    public required DeviceCapabilities Capabilities { get; init; }
}

/// <summary>Hardware and firmware versions of CK_TOKEN_INFO.</summary>
public readonly record struct CkVersionPair(byte HardwareMajor, byte HardwareMinor, byte FirmwareMajor, byte FirmwareMinor);

/// <summary>
/// The card behind a token, as the engine needs it. Implemented over the card driver and the PKCS#15
/// structure (CardTokenDevice) and, in tests, in software. Card failures come out as
/// <see cref="Pkcs11Exception"/> with the CKR the spec names (ErrorMapping does the translation).
/// </summary>
internal interface ITokenDevice : IDisposable
{
    TokenDescription Description { get; }

    /// <summary>The token objects of one group; private ones included (the engine hides them until login).</summary>
    IReadOnlyList<P11Object> LoadObjects(ObjectKind kind);

    /// <summary>
    /// False when the last <see cref="LoadObjects"/> of the group left objects out because the card could not
    /// be read: the token loads the group again on its next search (objects already loaded are returned as the
    /// same instances).
    /// </summary>
    bool IsComplete(ObjectKind kind) => true;

    /// <summary>
    /// The objects of one group whose CKA_ID is <paramref name="id"/>, read without the rest of the group (a search
    /// by CKA_ID), or null when the device reads only whole groups. The same instances as a later whole-group load.
    /// </summary>
    IReadOnlyList<P11Object>? LoadObjects(ObjectKind kind, byte[] id) => null;

    /// <summary>
    /// Holds the card for the loading of several groups in a row (one card transaction instead of one per group),
    /// or null when the device gains nothing from it.
    /// </summary>
    IDisposable? BeginListing() => null;

    PinStatus QueryPin(UserRole role);

    /// <summary>
    /// C_Login: the caller's secret exactly as given. For <see cref="UserRole.User"/> the user PIN (the engine
    /// has checked its length against the description). For <see cref="UserRole.SecurityOfficer"/> whatever the
    /// card's SO authority is (an SO PIN, IsoApplet's PUK, PIV's management key as hex digits): the device
    /// checks its form (CKR_PIN_LEN_RANGE, CKR_PIN_INVALID) and never logs it.
    /// </summary>
    void VerifyPin(UserRole role, ReadOnlySpan<byte> pin);

    /// <summary>
    /// C_Login(CKU_CONTEXT_SPECIFIC) for the next use of a CKA_ALWAYS_AUTHENTICATE key (PKCS#11 3.0 §5.6 C_Login):
    /// the card's per-use verification for that key (OpenPGP: VERIFY 81 before PSO:CDS). Default: the user PIN.
    /// </summary>
    void VerifyForKey(PrivateKeyObject key, ReadOnlySpan<byte> pin) => VerifyPin(UserRole.User, pin);

    /// <summary>Clears the card's security state (IsoApplet: re-select the applet).</summary>
    void Logout();

    void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin);

    /// <summary>Sets a new user PIN with the unblocking code (PUK) or the SO's authority.</summary>
    void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin);

    // The crypto members are called only for what the key's abilities (PrivateKeyObject.Abilities, else the
    // card's DeviceCapabilities) promise; the engine has checked the key's type and usage and formatted the
    // input. A card that refuses anyway throws Pkcs11Exception with its CKR (CardErrorMapping for card layers).

    /// <summary>A signature on the card; see <see cref="CardSignature"/> for what <paramref name="input"/> is and what comes back.</summary>
    byte[] Sign(PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input);

    /// <summary>
    /// RSA decryption on the card of a modulus-length <paramref name="ciphertext"/>: the message
    /// (<see cref="CardDecryption.RsaPkcs1"/>) or the raw block (<see cref="CardDecryption.RsaRaw"/>, the host
    /// unpads). A card that refuses the padding answers CKR_ENCRYPTED_DATA_INVALID.
    /// </summary>
    byte[] Decrypt(PrivateKeyObject key, CardDecryption kind, ReadOnlySpan<byte> ciphertext);

    /// <summary>
    /// Key agreement on the card (C_DeriveKey CKM_ECDH1_DERIVE): <paramref name="peerPublic"/> is the other
    /// party's public value, checked by the engine: for an EC key the uncompressed point 04‖X‖Y on the key's
    /// curve, for an EC_MONTGOMERY key the 32-byte X25519 u-coordinate. Returns the shared secret Z: the
    /// x-coordinate in the field's byte length (a card that answers the whole point 04‖X‖Y is accepted), or the
    /// 32-byte X25519 result. The engine applies the KDF and makes the secret-key object.
    /// </summary>
    byte[] DeriveSharedSecret(PrivateKeyObject key, ReadOnlySpan<byte> peerPublic);

    byte[] GetRandom(int length);

    /// <summary>Generates a key pair on the card and records both halves in its PKCS#15 structure.</summary>
    (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request);

    /// <summary>Stores a certificate, data object, public key or imported private key on the card.</summary>
    P11Object Store(object request);

    /// <summary>Removes a token object from the card (directory entry first, then its file or key slot).</summary>
    void Destroy(P11Object o);

    /// <summary>
    /// After a write: is this published token object no longer on the card as it was loaded? Cards with fixed key
    /// slots (PIV) replace a slot's key, public key and certificate when a new key goes in; the engine then drops
    /// the replaced objects. PKCS#15 cards add objects beside the others: never.
    /// </summary>
    bool IsStale(P11Object o) => false;

    /// <summary>Changes what PKCS#15 holds of an object (label, ID); the object is updated in place.</summary>
    void Update(P11Object o, ObjectUpdate update);

    /// <summary>C_InitToken: (re)creates the PKCS#15 structure with a new label.</summary>
    void Initialize(ReadOnlySpan<byte> soPin, string label);

    /// <summary>
    /// After the card was reset by someone else: re-establish the session (re-select); the engine then
    /// re-presents the PIN if it holds one.
    /// </summary>
    void Reestablish();

    /// <summary>
    /// Keeps the card for this token across several calls (one card transaction; the card's other applications in
    /// this process wait), or null when there is nothing to hold. The engine holds it while it presents the PIN
    /// again and repeats the operation, so that another application of the same card cannot select itself between
    /// the two and make the card forget the PIN once more.
    /// </summary>
    IDisposable? HoldCard() => null;

    /// <summary>
    /// After each call: a call that succeeded writes what it added to the on-disk file cache (once per
    /// call, not per file read); a failed one drops it, so a glitch is not served to later sessions.
    /// </summary>
    void EndCall(bool succeeded);
}
