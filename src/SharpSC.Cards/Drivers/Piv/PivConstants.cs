namespace SharpSC.Cards.Drivers.Piv;

/// <summary>
/// NIST SP 800-73-4 (Part 1 data model, Part 2 card commands), SP 800-78-4 algorithm identifiers and
/// Yubico's PIV extensions, one place for the driver. The virtual card has its own copy.
/// </summary>
internal static class PivConstants
{
    /// <summary>PIV AID without version (SP 800-73-4 Part 1 §2.2), selected by partial AID as Yubico's tools do.</summary>
    public static readonly byte[] AidPrefix = [0xA0, 0x00, 0x00, 0x03, 0x08];

    // SP 800-73-4 Part 2 §3 instructions.
    public const byte InsSelect = 0xA4;
    public const byte InsGetData = 0xCB;
    public const byte InsPutData = 0xDB;
    public const byte InsGenerateAsymmetric = 0x47;
    public const byte InsGeneralAuthenticate = 0x87;

    // Yubico extensions (yubico-piv-tool ykpiv.h).
    public const byte InsGetMetadata = 0xF7;
    public const byte InsGetSerial = 0xF8;
    public const byte InsAttest = 0xF9;
    public const byte InsSetPinRetries = 0xFA;
    public const byte InsReset = 0xFB;
    public const byte InsGetVersion = 0xFD;
    public const byte InsImportKey = 0xFE;
    public const byte InsSetManagementKey = 0xFF;

    /// <summary>P1 P2 of GET DATA / PUT DATA (SP 800-73-4 Part 2 §3.1.2).</summary>
    public const byte DataP1 = 0x3F, DataP2 = 0xFF;

    // Key references (SP 800-73-4 Part 1 Table 4b).
    public const byte PinReference = 0x80;
    public const byte PukReference = 0x81;
    public const byte ManagementKeyReference = 0x9B;

    // SP 800-78-4 Table 6-2 algorithm identifiers (and Yubico's AES-192/256, RSA-3072/4096 numbering).
    public const byte Alg3Des = 0x03;
    public const byte AlgRsa3072 = 0x05;
    public const byte AlgRsa1024 = 0x06;
    public const byte AlgRsa2048 = 0x07;
    public const byte AlgAes128 = 0x08;
    public const byte AlgAes192 = 0x0A;
    public const byte AlgAes256 = 0x0C;
    public const byte AlgEccP256 = 0x11;
    public const byte AlgEccP384 = 0x14;
    public const byte AlgRsa4096 = 0x16;

    // Tags: application property template (Part 2 §3.1.1), dynamic authentication template (Table 7),
    // generate (§3.3.2), data objects (Part 1 Table 10, 12, 19).
    public const byte TagApplicationTemplate = 0x61;
    public const byte TagApplicationId = 0x4F;
    public const byte TagAllocationAuthority = 0x79;
    public const byte TagApplicationLabel = 0x50;
    public const int TagApplicationUrl = 0x5F50;
    public const byte TagAlgorithms = 0xAC;
    public const byte TagDynamicAuth = 0x7C;
    public const byte TagWitness = 0x80, TagChallenge = 0x81, TagResponse = 0x82, TagExponentiation = 0x85;
    public const byte TagTagList = 0x5C;
    public const byte TagData = 0x53;
    public const int TagPublicKey = 0x7F49;
    public const byte TagControlReference = 0xAC;
    public const byte TagAlgorithm = 0x80;
    public const byte TagModulus = 0x81, TagExponent = 0x82, TagPoint = 0x86;
    public const byte TagCertificate = 0x70, TagCertInfo = 0x71, TagErrorDetection = 0xFE;
    public const byte TagFascN = 0x30, TagGuid = 0x34, TagExpiration = 0x35;
    public const byte TagKeysWithOnCardCerts = 0xC1, TagKeysWithOffCardCerts = 0xC2, TagOffCardCertUrl = 0xF3;
    public const byte TagPinPolicy = 0xAA, TagTouchPolicy = 0xAB;

    /// <summary>CertInfo (71) bit 0: the certificate is gzip-compressed (SP 800-73-4 Part 1 Table 10, note).</summary>
    public const byte CertInfoCompressed = 0x01;

    // Yubico GET METADATA answer tags.
    public const byte MetaAlgorithm = 0x01, MetaPolicy = 0x02, MetaOrigin = 0x03, MetaPublicKey = 0x04;
    public const byte MetaIsDefault = 0x05, MetaRetries = 0x06;
    public const byte MetaAlgorithmPin = 0xFF;

    // Data objects (SP 800-73-4 Part 1 Table 3).
    public const int ObjDiscovery = 0x7E;
    public const int ObjCardAuthCert = 0x5FC101;
    public const int ObjChuid = 0x5FC102;
    public const int ObjAuthenticationCert = 0x5FC105;
    public const int ObjSecurity = 0x5FC106;
    public const int ObjCcc = 0x5FC107;
    public const int ObjPrintedInfo = 0x5FC109;
    public const int ObjSignatureCert = 0x5FC10A;
    public const int ObjKeyManagementCert = 0x5FC10B;
    public const int ObjKeyHistory = 0x5FC10C;
    public const int ObjRetiredCertFirst = 0x5FC10D;
    public const int ObjAttestationCert = 0x5FFF01;

    /// <summary>Largest certificate a compressed container may inflate to (a YubiKey holds 3 KB objects).</summary>
    public const int MaxInflatedCertificate = 32 * 1024;

    /// <summary>Management key length for its algorithm, or 0.</summary>
    public static int ManagementKeyLength(byte alg) => alg switch
    {
        Alg3Des => 24,
        AlgAes128 => 16,
        AlgAes192 => 24,
        AlgAes256 => 32,
        _ => 0,
    };

    /// <summary>The YubiKey factory management key (3DES): 01..08 three times.</summary>
    public static readonly byte[] DefaultManagementKey =
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8];
}
