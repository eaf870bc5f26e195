namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// Constants of "Functional Specification of the OpenPGP application on ISO Smart Card Operating Systems",
/// version 3.4.1, as the emulated card uses them (the driver in SharpSC.Cards keeps its own copy).
/// </summary>
internal static class PgpSpec
{
    /// <summary>RID D2 76 00 01 24 and application 01 (§4.2.1); version, manufacturer and serial follow.</summary>
    public static readonly byte[] AidPrefix = [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01];

    /// <summary>Version 3.4 in BCD (AID bytes 7-8).</summary>
    public const byte VersionMajor = 0x03, VersionMinor = 0x04;

    /// <summary>Instructions (§7.1).</summary>
    public static class Ins
    {
        public const byte SelectFile = 0xA4;
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
        public const int ExtendedCapabilities = 0x00C0;
        public const int AlgorithmAttributesSignature = 0x00C1;
        public const int AlgorithmAttributesDecryption = 0x00C2;
        public const int AlgorithmAttributesAuthentication = 0x00C3;
        public const int PwStatusBytes = 0x00C4;
        public const int Fingerprints = 0x00C5;
        public const int CaFingerprints = 0x00C6;
        public const int FingerprintSignature = 0x00C7;
        public const int CaFingerprint1 = 0x00CA;
        public const int GenerationTimes = 0x00CD;
        public const int GenerationTimeSignature = 0x00CE;
        public const int ResettingCode = 0x00D3;
        public const int KeyInformation = 0x00DE;
        public const int AlgorithmInformation = 0x00FA;
        public const int KdfDataObject = 0x00F9;
        public const int SecuritySupportTemplate = 0x007A;
        public const int SignatureCounter = 0x0093;
        public const int CardholderCertificate = 0x7F21;
        public const int PrivateUse1 = 0x0101;
        public const int PrivateUse4 = 0x0104;
        public const int ExtendedHeaderList = 0x004D;
        public const int PrivateKeyTemplate = 0x7F48;
        public const int ConcatenatedKeyData = 0x5F48;
        public const int PublicKey = 0x7F49;
        public const int CipherTemplate = 0x00A6;
        public const int KeyImportList = 0x3FFF;
    }

    /// <summary>Control reference templates naming the three keys (§7.2.14).</summary>
    public static class Crt
    {
        public const byte Signature = 0xB6;
        public const byte Decryption = 0xB8;
        public const byte Authentication = 0xA4;
    }

    /// <summary>Password references (P2 of VERIFY, §7.2.2).</summary>
    public static class Pw
    {
        public const byte Pw1Signature = 0x81;
        public const byte Pw1Other = 0x82;
        public const byte Pw3 = 0x83;
    }

    /// <summary>Algorithm IDs of the algorithm attributes (§4.4.3.10; RFC 4880 / RFC 6637 numbers).</summary>
    public static class Algorithm
    {
        public const byte Rsa = 0x01;
        public const byte Ecdh = 0x12;
        public const byte Ecdsa = 0x13;
        public const byte EdDsa = 0x16;
    }

    /// <summary>Minimum password lengths (§4.3): PW1 6, resetting code and PW3 8.</summary>
    public const int Pw1MinLength = 6, Pw3MinLength = 8, ResettingCodeMinLength = 8;

    /// <summary>Factory defaults (§4.3): PW1 "123456", PW3 "12345678", 3 tries each, no resetting code.</summary>
    public static readonly byte[] DefaultPw1 = "123456"u8.ToArray();
    public static readonly byte[] DefaultPw3 = "12345678"u8.ToArray();
    public const int DefaultTries = 3;

    /// <summary>Warning "selected file in termination state" (§7.2.16).</summary>
    public const ushort TerminatedState = 0x6285;

    /// <summary>Status words beyond the runtime's table: password blocked, chain broken (ISO 7816-4 §5.6).</summary>
    public const ushort AuthenticationBlocked = 0x6983, LastCommandOfChainExpected = 0x6883;
}
