namespace SharpSC.Pkcs15.Objects;

/// <summary>PinFlags (PKCS#15 v1.1 §6.8.2; ISO/IEC 7816-15 adds bits 8-11): bit i of the BIT STRING is 1 &lt;&lt; i.</summary>
[Flags]
public enum PinFlags : uint
{
    None = 0,
    CaseSensitive = 1 << 0,
    Local = 1 << 1,
    ChangeDisabled = 1 << 2,
    UnblockDisabled = 1 << 3,
    Initialized = 1 << 4,
    NeedsPadding = 1 << 5,
    UnblockingPin = 1 << 6,
    SoPin = 1 << 7,
    DisableAllowed = 1 << 8,
    IntegrityProtected = 1 << 9,
    ConfidentialityProtected = 1 << 10,
    ExchangeRefData = 1 << 11,
}
