namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// AccessMode of an access control rule (PKCS#15 v1.1 §6.2.1: read, update, execute; ISO/IEC 7816-15
/// and OpenSC add the rest): bit i of the BIT STRING is 1 &lt;&lt; i.
/// </summary>
[Flags]
public enum AccessModes : uint
{
    None = 0,
    Read = 1 << 0,
    Update = 1 << 1,
    Execute = 1 << 2,
    Delete = 1 << 3,
    Attribute = 1 << 4,
    PsoComputeSignature = 1 << 5,
    PsoVerify = 1 << 6,
    PsoDecrypt = 1 << 7,
    PsoEncrypt = 1 << 8,
    InternalAuthenticate = 1 << 9,
    ExternalAuthenticate = 1 << 10,
}
