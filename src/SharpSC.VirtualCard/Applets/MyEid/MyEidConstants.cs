namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// Numbers of the MyEID command set (MyEID PKI JavaCard Applet Reference Manual 2.1.4 / 2.3.0, as OsEID and
/// OpenSC's card-myeid.c / pkcs15-myeid.c use them). One place for the emulator; the driver has its own.
/// </summary>
internal static class MyEidConstants
{
    /// <summary>The MyEID / PKCS#15 application AID, the DF name of 5015.</summary>
    public static readonly byte[] Aid = [0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35];

    /// <summary>OsEID's ATR: T=0 and T=1, historical bytes "OsEID" (OpenSC 0.23 matches the last five historical bytes).</summary>
    public static readonly byte[] DefaultAtr = [0x3B, 0xF5, 0x18, 0x00, 0x02, 0x80, 0x01, 0x4F, 0x73, 0x45, 0x49, 0x44, 0x1A];

    public const ushort MasterFileId = 0x3F00;
    public const ushort ApplicationDfId = 0x5015;

    /// <summary>Tag 85 of MF and 5015: the file cannot be deleted.</summary>
    public const ushort PropUndeletable = 0x0002;

    /// <summary>Tag 85 bits a key file gets: a key is loaded (0100) and it was generated on the card (0200).</summary>
    public const ushort PropKeyValid = 0x0100;
    public const ushort PropKeyGenerated = 0x0200;

    /// <summary>Largest file size (tags 80/81 take at most 7FFF).</summary>
    public const int MaxFileSize = 0x7FFF;

    /// <summary>PIN references 1..14; the PIN and PUK are 8 bytes, padded with FF (or 00).</summary>
    public const int PinCount = 14;
    public const int PinLength = 8;

    /// <summary>Life cycle (tag 8A and card state): 01 creation (no access control), 07 operational.</summary>
    public const byte LifeCycleCreation = 0x01;
    public const byte LifeCycleOperational = 0x07;

    /// <summary>ACL nibbles: 0 always, 1..E the PIN of that reference, F never.</summary>
    public const int AclAlways = 0x0;
    public const int AclNever = 0xF;

    /// <summary>Largest command data after chaining (a chained 4096-bit cryptogram with its padding indicator is 513 bytes).</summary>
    public const int MaxChainedData = 1024;
}

/// <summary>Instruction bytes the MyEID application answers.</summary>
internal static class MyEidIns
{
    public const byte EraseBinary = 0x0E;
    public const byte Verify = 0x20;
    public const byte ManageSecurityEnvironment = 0x22;
    public const byte ChangeReferenceData = 0x24;
    public const byte PerformSecurityOperation = 0x2A;
    public const byte ResetRetryCounter = 0x2C;
    public const byte Deauthenticate = 0x2E;
    public const byte Activate = 0x44;
    public const byte GenerateKey = 0x46;
    public const byte GetChallenge = 0x84;
    public const byte GeneralAuthenticate = 0x86;
    public const byte Select = 0xA4;
    public const byte ReadBinary = 0xB0;
    public const byte GetResponse = 0xC0;
    public const byte GetData = 0xCA;
    public const byte UpdateBinary = 0xD6;
    public const byte PutData = 0xDA;
    public const byte CreateFile = 0xE0;
    public const byte DeleteFile = 0xE4;
}

/// <summary>File descriptor bytes (tag 82) MyEID creates: DF, working EF and the key file types.</summary>
internal static class MyEidFileTypes
{
    public const byte Df = 0x38;
    public const byte Transparent = 0x01;
    public const byte RsaKey = 0x11;
    public const byte DesKey = 0x19;
    public const byte EcKey = 0x22;
    public const byte EcKeySecp256k1 = 0x23;
    public const byte AesKey = 0x29;

    /// <summary>The shareable bit (b7) is ignored when the type is checked.</summary>
    public static byte Base(byte descriptor) => (byte)(descriptor & 0xBF);

    public static bool IsDf(byte descriptor) => Base(descriptor) == Df;

    public static bool IsKeyFile(byte descriptor) => Base(descriptor) is RsaKey or DesKey or EcKey or EcKeySecp256k1 or AesKey;

    public static bool IsAllowed(byte descriptor) => Base(descriptor) is Df or Transparent || IsKeyFile(descriptor);
}

/// <summary>P2 of GET DATA (P1 01) and PUT DATA (P1 01).</summary>
internal static class MyEidDataObjects
{
    public const byte RsaKeyInfo = 0x00;
    public const byte RsaModulus = 0x01;
    public const byte RsaPublicExponent = 0x02;
    public const byte EcPrime = 0x81;
    public const byte EcOrder = 0x85;
    public const byte EcPublicKey = 0x86;
    public const byte CardInfo = 0xA0;
    public const byte ListFirst = 0xA1;
    public const byte ListLast = 0xA6;
    public const byte Capabilities = 0xAA;
    public const byte AccessCondition = 0xAC;
    public const byte PinInfoFirst = 0xB1;
    public const byte PinInfoLast = 0xBE;
    public const byte InitializeApplet = 0xE0;

    // PUT DATA key components (P2): RSA, EC, symmetric.
    public const byte KeyModulus = 0x80;
    public const byte KeyPublicExponent = 0x81;
    public const byte KeyPrimeP = 0x83;
    public const byte KeyPrimeQ = 0x84;
    public const byte KeyDp = 0x85;
    public const byte KeyDq = 0x86;
    public const byte KeyQInv = 0x87;
    public const byte KeyModulusFirstHalf = 0x88;
    public const byte KeyModulusSecondHalf = 0x89;
    public const byte KeyEcPublic = 0x86;
    public const byte KeyEcPrivate = 0x87;
    public const byte KeySymmetric = 0xA0;
}

/// <summary>MSE tag 80 algorithm references (MyEID manual 2.1.4 §3.8: low nibble operation, high nibble hash).</summary>
internal static class MyEidAlgorithms
{
    public const byte Raw = 0x00;
    public const byte Pkcs1 = 0x02;
    public const byte Ecc = 0x04;
    public const byte Wrap = 0x0A;
    public const byte Pkcs1Sha1 = 0x12;
    public const byte WrapPkcs7 = 0x8A;
}
