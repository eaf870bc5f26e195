namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// MyEID command set values (MyEID PKI JavaCard Applet Reference Manual 2.1.4 / 2.3.0; OpenSC card-myeid.c and
/// pkcs15-myeid.c use the same), in one place for the driver.
/// </summary>
internal static class MyEidConstants
{
    /// <summary>The PKCS#15 AID, also the name of MyEID's DF 5015.</summary>
    public static readonly byte[] Aid = [0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35];

    public const ushort ApplicationDf = 0x5015;

    // Instructions beyond ISO 7816-4's defaults.
    public const byte InsDeauthenticate = 0x2E;
    public const byte InsActivate = 0x44;
    public const byte InsGenerateKey = 0x46;
    public const byte InsGeneralAuthenticate = 0x86;
    public const byte InsGetData = 0xCA;
    public const byte InsPutData = 0xDA;

    // GET DATA / PUT DATA P1 01, P2 data objects.
    public const byte DataP1 = 0x01;
    public const byte DataCardInfo = 0xA0;
    public const byte DataCapabilities = 0xAA;
    public const byte DataRsaModulus = 0x01;
    public const byte DataEcPublicKey = 0x86;
    public const byte DataInitializeApplet = 0xE0;

    // PUT DATA key components (P2).
    public const byte KeyModulus = 0x80;
    public const byte KeyPublicExponent = 0x81;
    public const byte KeyPrimeP = 0x83;
    public const byte KeyPrimeQ = 0x84;
    public const byte KeyDp = 0x85;
    public const byte KeyDq = 0x86;
    public const byte KeyQInv = 0x87;
    public const byte KeyEcPublic = 0x86;
    public const byte KeyEcPrivate = 0x87;

    // File descriptor bytes (FCP tag 82).
    public const byte TypeDf = 0x38;
    public const byte TypeWorkingEf = 0x01;
    public const byte TypeRsaKey = 0x11;
    public const byte TypeEcKey = 0x22;

    /// <summary>MSE tag 80 algorithm references: raw, card pads PKCS#1 type 1 / removes type 2, ECC (ECDSA, ECDH).</summary>
    public const byte AlgRaw = 0x00;
    public const byte AlgPkcs1 = 0x02;
    public const byte AlgEcc = 0x04;

    /// <summary>MSE P2: authentication template, used by MyEID for ECDH.</summary>
    public const byte TemplateKeyAgreement = 0xA4;

    /// <summary>ACL nibbles: 0 always, 1..E that PIN reference, F never.</summary>
    public const int AclAlways = 0x0;
    public const int AclNever = 0xF;

    /// <summary>Life cycle (FCI tag 8A): 01 creation (no ACLs enforced), 07 operational.</summary>
    public const byte LifeCycleCreation = 0x01;
    public const byte LifeCycleOperational = 0x07;

    /// <summary>Largest GET CHALLENGE answer: Le 00 (256) answers 6F00 on MyEID.</summary>
    public const int MaxChallenge = 255;

    /// <summary>PIN and PUK are 8 bytes, padded with FF (MyEID manual; OpenSC's myeid profile: pin-pad-char 0xFF).</summary>
    public const int PinStoredLength = 8;
    public const byte PinPadChar = 0xFF;
}
