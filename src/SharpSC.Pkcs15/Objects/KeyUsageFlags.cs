namespace SharpSC.Pkcs15.Objects;

/// <summary>KeyUsageFlags (PKCS#15 v1.1 §6.6.2 CommonKeyAttributes.usage): bit i of the BIT STRING is 1 &lt;&lt; i.</summary>
[Flags]
public enum KeyUsageFlags : uint
{
    None = 0,
    Encrypt = 1 << 0,
    Decrypt = 1 << 1,
    Sign = 1 << 2,
    SignRecover = 1 << 3,
    Wrap = 1 << 4,
    Unwrap = 1 << 5,
    Verify = 1 << 6,
    VerifyRecover = 1 << 7,
    Derive = 1 << 8,
    NonRepudiation = 1 << 9,
}
