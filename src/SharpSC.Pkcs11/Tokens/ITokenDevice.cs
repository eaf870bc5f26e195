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

/// <summary>How a signature is computed on the card.</summary>
public enum CardSignature
{
    /// <summary>RSA PKCS#1 v1.5: the input (a DigestInfo, or raw data for CKM_RSA_PKCS) is padded by the card.</summary>
    RsaPkcs1,

    /// <summary>RSA-PSS on a hash computed by the host (MGF1 with the same hash, salt = hash length).</summary>
    RsaPssPrehashed,

    /// <summary>ECDSA on a hash computed by the host.</summary>
    EcdsaPrehashed,

    /// <summary>ECDSA where the card hashes the message with SHA-1 (IsoApplet v0).</summary>
    EcdsaSha1OnCard,
}

/// <summary>What the card can do, so the mechanism list is honest.</summary>
public sealed record DeviceCapabilities
{
    public IReadOnlySet<CardSignature> Signatures { get; init; } = new HashSet<CardSignature>();
    public bool RsaDecrypt { get; init; }
    public IReadOnlyList<int> RsaKeySizes { get; init; } = [];
    /// <summary>EC field sizes in bits the card can use (and generate).</summary>
    public IReadOnlyList<int> EcFieldSizes { get; init; } = [];
    public bool Rng { get; init; }
    public bool KeyGeneration { get; init; }
    public bool KeyImport { get; init; }
    /// <summary>Largest message for <see cref="CardSignature.EcdsaSha1OnCard"/> (the card hashes it).</summary>
    public int MaxOnCardHashInput { get; init; }
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

    PinStatus QueryPin(UserRole role);

    void VerifyPin(UserRole role, ReadOnlySpan<byte> pin);

    /// <summary>Clears the card's security state (IsoApplet: re-select the applet).</summary>
    void Logout();

    void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin);

    /// <summary>Sets a new user PIN with the unblocking code (PUK) or the SO's authority.</summary>
    void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin);

    byte[] Sign(PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input);

    /// <summary>RSA PKCS#1 v1.5 decryption on the card; returns the unpadded plaintext.</summary>
    byte[] Decrypt(PrivateKeyObject key, ReadOnlySpan<byte> ciphertext);

    byte[] GetRandom(int length);

    /// <summary>Generates a key pair on the card and records both halves in its PKCS#15 structure.</summary>
    (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request);

    /// <summary>Stores a certificate, data object, public key or imported private key on the card.</summary>
    P11Object Store(object request);

    /// <summary>Removes a token object from the card (directory entry first, then its file or key slot).</summary>
    void Destroy(P11Object o);

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
    /// After each call: a call that succeeded writes what it added to the on-disk file cache (once per
    /// call, not per file read); a failed one drops it, so a glitch is not served to later sessions.
    /// </summary>
    void EndCall(bool succeeded);
}
