namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// Protocol constants of the emulated PIV application: NIST SP 800-73-4 Part 1 (data objects, key
/// references) and Part 2 (commands), plus the Yubico extensions a YubiKey 5 (firmware 5.4) answers.
/// The driver in SharpSC.Cards keeps its own copy: the emulator shares no code with it.
/// </summary>
internal static class PivSpec
{
    /// <summary>PIV AID with version (SP 800-73-4 Part 1 §2.2): A0 00 00 03 08 00 00 10 00 01 00.</summary>
    public static readonly byte[] Aid = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00];

    /// <summary>The firmware version a YubiKey 5 of this series reports to GET VERSION.</summary>
    public static readonly byte[] FirmwareVersion = [5, 4, 3];

    /// <summary>
    /// The ATR of a YubiKey 5 (USB, CCID): historical bytes 80 73 C0 21 C0 57 "YubiKey" (compact TLV, tag 5
    /// "YubiKey"). OpenSC 0.23's PIV driver takes a card with it for a YubiKey and asks GET VERSION.
    /// </summary>
    public static readonly byte[] YubiKey5Atr =
    [
        0x3B, 0xFD, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x15, 0x80, 0x73, 0xC0, 0x21, 0xC0, 0x57,
        0x59, 0x75, 0x62, 0x69, 0x4B, 0x65, 0x79, 0x40,
    ];

    // Instructions: SP 800-73-4 Part 2 §3 and Yubico's extensions.
    public const byte InsVerify = 0x20;
    public const byte InsChangeReference = 0x24;
    public const byte InsResetRetryCounter = 0x2C;
    public const byte InsGenerateAsymmetric = 0x47;
    public const byte InsGeneralAuthenticate = 0x87;
    public const byte InsGetData = 0xCB;
    public const byte InsPutData = 0xDB;
    public const byte InsSelect = 0xA4;
    public const byte InsGetMetadata = 0xF7;
    public const byte InsGetSerial = 0xF8;
    public const byte InsAttest = 0xF9;
    public const byte InsSetPinRetries = 0xFA;
    public const byte InsReset = 0xFB;
    public const byte InsGetVersion = 0xFD;
    public const byte InsImportKey = 0xFE;
    public const byte InsSetManagementKey = 0xFF;

    // Key references (SP 800-73-4 Part 1 Table 4b) and Yubico's attestation slot.
    public const byte PinReference = 0x80;
    public const byte PukReference = 0x81;
    public const byte SlotAuthentication = 0x9A;
    public const byte SlotManagement = 0x9B;
    public const byte SlotSignature = 0x9C;
    public const byte SlotKeyManagement = 0x9D;
    public const byte SlotCardAuthentication = 0x9E;
    public const byte SlotRetiredFirst = 0x82;
    public const byte SlotRetiredLast = 0x95;
    public const byte SlotAttestation = 0xF9;

    // Cryptographic mechanism identifiers (SP 800-78-4 Table 6-2; AES-192/256 and the 3DES id as Yubico uses them).
    public const byte Alg3Des = 0x03;
    public const byte AlgRsa1024 = 0x06;
    public const byte AlgRsa2048 = 0x07;
    public const byte AlgAes128 = 0x08;
    public const byte AlgAes192 = 0x0A;
    public const byte AlgAes256 = 0x0C;
    public const byte AlgEccP256 = 0x11;
    public const byte AlgEccP384 = 0x14;
    /// <summary>The "algorithm" GET METADATA reports for the PIN and the PUK.</summary>
    public const byte AlgPin = 0xFF;

    // Yubico PIN and touch policies (tags AA and AB in GENERATE and IMPORT).
    public const byte TagPinPolicy = 0xAA;
    public const byte TagTouchPolicy = 0xAB;
    public const byte PinPolicyDefault = 0, PinPolicyNever = 1, PinPolicyOnce = 2, PinPolicyAlways = 3;
    public const byte TouchPolicyDefault = 0, TouchPolicyNever = 1, TouchPolicyAlways = 2, TouchPolicyCached = 3;

    // GET METADATA answer tags (Yubico).
    public const byte MetaAlgorithm = 0x01, MetaPolicy = 0x02, MetaOrigin = 0x03, MetaPublicKey = 0x04;
    public const byte MetaIsDefault = 0x05, MetaRetries = 0x06;
    public const byte OriginGenerated = 0x01, OriginImported = 0x02;

    // Dynamic authentication template (SP 800-73-4 Part 2 Table 7).
    public const byte TagDynamicAuth = 0x7C;
    public const byte TagWitness = 0x80, TagChallenge = 0x81, TagResponse = 0x82, TagExponentiation = 0x85;

    // Data object containers (SP 800-73-4 Part 1 §3, Part 2 §3.1.2/§3.3.2).
    public const byte TagTagList = 0x5C;
    public const byte TagData = 0x53;
    public const int TagPublicKey = 0x7F49;
    public const byte TagControlReference = 0xAC;
    public const byte TagAlgorithm = 0x80;

    // Data objects (SP 800-73-4 Part 1 Table 3) and Yubico's.
    public const int ObjDiscovery = 0x7E;
    public const int ObjBiometricGroup = 0x7F61;
    public const int ObjCardAuthCert = 0x5FC101;
    public const int ObjChuid = 0x5FC102;
    public const int ObjFingerprints = 0x5FC103;
    public const int ObjAuthenticationCert = 0x5FC105;
    public const int ObjSecurity = 0x5FC106;
    public const int ObjCcc = 0x5FC107;
    public const int ObjFacialImage = 0x5FC108;
    public const int ObjPrintedInfo = 0x5FC109;
    public const int ObjSignatureCert = 0x5FC10A;
    public const int ObjKeyManagementCert = 0x5FC10B;
    public const int ObjKeyHistory = 0x5FC10C;
    public const int ObjRetiredCertFirst = 0x5FC10D;
    public const int ObjIris = 0x5FC121;
    public const int ObjLastStandard = 0x5FC123;
    public const int ObjYubicoFirst = 0x5FFF00;
    public const int ObjAttestationCert = 0x5FFF01;
    public const int ObjYubicoLast = 0x5FFF15;

    /// <summary>Largest data object content a YubiKey 5 stores (its buffer is 3072 bytes with the headers).</summary>
    public const int MaxObjectSize = 3063;

    /// <summary>Discovery object of a YubiKey 5: PIV AID, PIN usage policy 40 00 (application PIN only).</summary>
    public static readonly byte[] DiscoveryObject =
        [0x7E, 0x12, 0x4F, 0x0B, .. Aid, 0x5F, 0x2F, 0x02, 0x40, 0x00];

    /// <summary>Objects that need the PIN to be read (SP 800-73-4 Part 1 Table 3 access rule "PIN").</summary>
    public static bool NeedsPinToRead(int tag) =>
        tag is ObjFingerprints or ObjFacialImage or ObjPrintedInfo or ObjIris;

    public static bool IsWritableObject(int tag) =>
        tag is >= ObjCardAuthCert and <= ObjLastStandard or >= ObjYubicoFirst and <= ObjYubicoLast or ObjBiometricGroup;

    public static bool IsKeySlot(byte slot) =>
        slot is SlotAuthentication or SlotSignature or SlotKeyManagement or SlotCardAuthentication or SlotAttestation
        || slot is >= SlotRetiredFirst and <= SlotRetiredLast;

    /// <summary>Certificate object of a key slot (SP 800-73-4 Part 1 Table 3; Yubico: F9 in 5FFF01).</summary>
    public static int CertificateObject(byte slot) => slot switch
    {
        SlotAuthentication => ObjAuthenticationCert,
        SlotSignature => ObjSignatureCert,
        SlotKeyManagement => ObjKeyManagementCert,
        SlotCardAuthentication => ObjCardAuthCert,
        SlotAttestation => ObjAttestationCert,
        _ => ObjRetiredCertFirst + (slot - SlotRetiredFirst),
    };

    /// <summary>The PIN policy a YubiKey applies when GENERATE or IMPORT says "default".</summary>
    public static byte DefaultPinPolicy(byte slot) => slot switch
    {
        SlotSignature => PinPolicyAlways,
        SlotCardAuthentication or SlotAttestation => PinPolicyNever,
        _ => PinPolicyOnce,
    };

    public static byte DefaultTouchPolicy => TouchPolicyNever;

    public static readonly byte[] DefaultPin = "123456"u8.ToArray();
    public static readonly byte[] DefaultPuk = "12345678"u8.ToArray();
    public static readonly byte[] DefaultManagementKey =
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8];
    public const int DefaultTries = 3;

    /// <summary>PIN and PUK are 6..8 bytes, padded with FF to 8 (SP 800-73-4 Part 2 §2.4.3).</summary>
    public const int PinBlockLength = 8;
    public const byte PinPad = 0xFF;

    /// <summary>Management key length for its algorithm, or 0 when the algorithm is not one.</summary>
    public static int ManagementKeyLength(byte alg) => alg switch
    {
        Alg3Des => 24,
        AlgAes128 => 16,
        AlgAes192 => 24,
        AlgAes256 => 32,
        _ => 0,
    };

    public static bool IsAsymmetric(byte alg) => alg is AlgRsa1024 or AlgRsa2048 or AlgEccP256 or AlgEccP384;
}
