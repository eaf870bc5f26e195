namespace SharpSC.Cards.Drivers.IsoApplet;

/// <summary>Protocol constants of the IsoApplet (philipWendland/IsoApplet, IsoApplet.java), one place.</summary>
internal static class IsoAppletConstants
{
    public static readonly byte[] Aid = [0xF2, 0x76, 0xA2, 0x88, 0xBC, 0xFB, 0xA6, 0x9D, 0x34, 0xF3, 0x10, 0x01];

    // API feature bitmap (SELECT answer byte 2 on v0, GET DATA 01 01 byte 2 on v1).
    public const byte FeatureExtendedApdu = 0x01;
    public const byte FeatureSecureRandom = 0x02;
    public const byte FeatureEcc = 0x04;
    public const byte FeatureRsaPss = 0x08; // v1
    public const byte FeatureRsa4096 = 0x20; // v1

    // MSE SET algorithm references (tag 80).
    public const byte AlgGenerateRsa2048 = 0xF3;
    public const byte AlgGenerateRsa4096 = 0xF5;
    public const byte AlgGenerateEc = 0xEC;
    public const byte AlgRsaPkcs1 = 0x11;
    public const byte AlgRsaPss = 0x12;
    public const byte AlgEcdsa = 0x21; // v0: SHA-1 on card; v1: pre-computed hash

    /// <summary>MSE P2 for key generation and import (IsoApplet; not an ISO template).</summary>
    public const byte TemplateKeyGeneration = 0x00;

    public const byte InsGetData = 0xCA;
    public const byte InsGenerateKeyPair = 0x46;
    public const byte InsPutData = 0xDB;

    public const int KeySlots = 16;

    // IsoApplet.java PIN_MAX_TRIES and PUK_MAX_TRIES; PIN 4..16 bytes (PIN_MIN_LENGTH, PIN_MAX_LENGTH), PUK exactly 16.
    public const int PinMaxTries = 3;
    public const int PukMaxTries = 5;
    public const int PinMinLength = 4;
    public const int PinMaxLength = 16;
    public const int PukLength = 16;

    // Security condition bytes of tag 86 (ISO 7816-4 table 20 as the applet reads them).
    public const byte ScAlways = 0x00;
    public const byte ScPin = 0x90;
    public const byte ScNever = 0xFF;

    /// <summary>Access mode byte of tag 86: a condition byte follows for every operation (OpenSC writes FF).</summary>
    public const byte AccessModeAll = 0xFF;
}
