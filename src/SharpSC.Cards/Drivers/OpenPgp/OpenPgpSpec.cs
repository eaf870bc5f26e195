namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// Constants of "Functional Specification of the OpenPGP application on ISO Smart Card Operating Systems",
/// version 3.4.1 (§ numbers refer to it), and of RFC 4880 / RFC 6637 where the card uses them. The one place
/// for them in the driver.
/// </summary>
public static class OpenPgpSpec
{
    /// <summary>RID D2 76 00 01 24 and application 01 (§4.2.1): SELECT by this prefix finds the application.</summary>
    public static ReadOnlySpan<byte> AidPrefix => [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01];

    public const int AidLength = 16;

    /// <summary>Instructions (§7.1).</summary>
    public static class Ins
    {
        public const byte Select = 0xA4;
        public const byte SelectData = 0xA5;
        public const byte GetData = 0xCA;
        public const byte GetNextData = 0xCC;
        public const byte PutData = 0xDA;
        public const byte PutDataOdd = 0xDB;
        public const byte Verify = 0x20;
        public const byte ChangeReferenceData = 0x24;
        public const byte ResetRetryCounter = 0x2C;
        public const byte PerformSecurityOperation = 0x2A;
        public const byte InternalAuthenticate = 0x88;
        public const byte GenerateAsymmetricKeyPair = 0x47;
        public const byte GetChallenge = 0x84;
        public const byte ManageSecurityEnvironment = 0x22;
        public const byte TerminateDf = 0xE6;
        public const byte ActivateFile = 0x44;
    }

    /// <summary>P1-P2 of PSO (§7.2.10, §7.2.11), GENERATE (§7.2.14) and RESET RETRY COUNTER (§7.2.4).</summary>
    public static class P1P2
    {
        public const ushort ComputeDigitalSignature = 0x9E9A;
        public const ushort Decipher = 0x8086;
        public const byte GenerateKeyPair = 0x80;
        public const byte ReadPublicKey = 0x81;
        public const byte ResetWithResettingCode = 0x00;
        public const byte ResetWithPw3 = 0x02;
        public const byte VerifyResetState = 0xFF;
        public const byte MseSet = 0x41;
    }

    /// <summary>Data object tags (§4.4.1).</summary>
    public static class Tag
    {
        public const int Aid = 0x004F;
        public const int LoginData = 0x005E;
        public const int Url = 0x5F50;
        public const int HistoricalBytes = 0x5F52;
        public const int CardholderRelatedData = 0x0065;
        public const int Name = 0x005B;
        public const int LanguagePreference = 0x5F2D;
        public const int Salutation = 0x5F35;
        public const int ApplicationRelatedData = 0x006E;
        public const int DiscretionaryDataObjects = 0x0073;
        public const int ExtendedLengthInformation = 0x7F66;
        public const int GeneralFeatureManagement = 0x7F74;
        public const int ExtendedCapabilities = 0x00C0;
        public const int AlgorithmAttributesSignature = 0x00C1;
        public const int PwStatusBytes = 0x00C4;
        public const int Fingerprints = 0x00C5;
        public const int CaFingerprints = 0x00C6;
        public const int FingerprintSignature = 0x00C7;
        public const int CaFingerprintSignature = 0x00CA;
        public const int GenerationTimes = 0x00CD;
        public const int GenerationTimeSignature = 0x00CE;
        public const int ResettingCode = 0x00D3;
        public const int KeyInformation = 0x00DE;
        public const int KdfDataObject = 0x00F9;
        public const int AlgorithmInformation = 0x00FA;
        public const int SecuritySupportTemplate = 0x007A;
        public const int SignatureCounter = 0x0093;
        public const int CardholderCertificate = 0x7F21;
        public const int PrivateUse1 = 0x0101;
        public const int ExtendedHeaderList = 0x004D;
        public const int PrivateKeyTemplate = 0x7F48;
        public const int ConcatenatedKeyData = 0x5F48;
        public const int PublicKey = 0x7F49;
        public const int CipherTemplate = 0x00A6;
        public const int KeyImport = 0x3FFF;
        public const int TagList = 0x005C;
        public const int TagReference = 0x0060;
        public const int RsaModulus = 0x81;
        public const int RsaExponent = 0x82;
        public const int EcPublicKey = 0x86;
    }

    /// <summary>Tags of the private key template 7F48 (§4.4.3.12).</summary>
    public static class ImportTag
    {
        public const byte RsaExponent = 0x91;
        public const byte RsaP = 0x92;
        public const byte RsaQ = 0x93;
        public const byte RsaQInv = 0x94;
        public const byte RsaDp = 0x95;
        public const byte RsaDq = 0x96;
        public const byte RsaModulus = 0x97;
        public const byte EcPrivateKey = 0x92;
        public const byte EcPublicKey = 0x99;
    }

    /// <summary>Algorithm IDs of the algorithm attributes (§4.4.3.10; the RFC 4880 / RFC 6637 public key algorithm numbers).</summary>
    public static class Algorithm
    {
        public const byte Rsa = 0x01;
        public const byte Ecdh = 0x12;
        public const byte Ecdsa = 0x13;
        public const byte EdDsa = 0x16;
    }

    /// <summary>RSA private key import formats, byte 6 of the attributes (§4.4.3.10).</summary>
    public static class RsaImportFormat
    {
        public const byte Standard = 0x00;
        public const byte StandardWithModulus = 0x01;
        public const byte Crt = 0x02;
        public const byte CrtWithModulus = 0x03;
    }

    /// <summary>Password references (§7.2.2): PW1 for PSO:CDS, PW1 for everything else, PW3.</summary>
    public static class Pw
    {
        public const byte Pw1Signature = 0x81;
        public const byte Pw1 = 0x82;
        public const byte Pw3 = 0x83;
    }

    /// <summary>Minimum lengths (§4.3): PW1 6, resetting code 8, PW3 8 characters.</summary>
    public const int Pw1MinLength = 6, ResettingCodeMinLength = 8, Pw3MinLength = 8;

    /// <summary>Retry counters of a fresh card (§4.3: 3 for PW1, the resetting code and PW3).</summary>
    public const int DefaultTries = 3;

    /// <summary>Historical bytes (§6.1, ISO 7816-4 §8.1.1.2.7): card capabilities tag 7 (73), third byte bits.</summary>
    public static class CardCapabilityBits
    {
        public const byte CommandChaining = 0x80;
        public const byte ExtendedLength = 0x40;
        public const byte ExtendedLengthInformation = 0x20;
    }

    /// <summary>Extended capabilities byte 1 (§4.4.3.7).</summary>
    public static class ExtendedCapabilityBits
    {
        public const byte SecureMessaging = 0x80;
        public const byte GetChallenge = 0x40;
        public const byte KeyImport = 0x20;
        public const byte PwStatusChangeable = 0x10;
        public const byte PrivateUseDataObjects = 0x08;
        public const byte AlgorithmAttributesChangeable = 0x04;
        public const byte SymmetricDecryption = 0x02;
        public const byte KeyDerivedFunction = 0x01;
    }

    /// <summary>Key information statuses (DO DE, §4.4.3.13).</summary>
    public static class KeyStatus
    {
        public const byte NotPresent = 0x00;
        public const byte Generated = 0x01;
        public const byte Imported = 0x02;
    }

    /// <summary>Warning "selected file in termination state" (§7.2.16): the application waits for ACTIVATE FILE.</summary>
    public const ushort TerminatedState = 0x6285;

    /// <summary>A wrong password on VERIFY / CHANGE / RESET RETRY COUNTER (§7.2.2: "security status not satisfied").</summary>
    public const ushort WrongPassword = 0x6982;

    /// <summary>RFC 4880 §12.2: a version 4 key fingerprint is SHA-1 over 0x99, a two-byte length and the key packet.</summary>
    public const byte FingerprintPacketTag = 0x99;

    public const byte KeyPacketVersion4 = 0x04;

    public const int FingerprintLength = 20;

    /// <summary>ECDH KDF parameters of RFC 6637 §9 as GnuPG writes them: 03 01 hash cipher (SHA-256/AES-128 up to 256 bits ...).</summary>
    public static ReadOnlySpan<byte> EcdhKdfSha256Aes128 => [0x03, 0x01, 0x08, 0x07];
    public static ReadOnlySpan<byte> EcdhKdfSha384Aes192 => [0x03, 0x01, 0x09, 0x08];
    public static ReadOnlySpan<byte> EcdhKdfSha512Aes256 => [0x03, 0x01, 0x0A, 0x09];

    /// <summary>GnuPG's prefix of native Curve25519 / Ed25519 points in OpenPGP packets (RFC 4880bis §13.2).</summary>
    public const byte NativePointPrefix = 0x40;
}
