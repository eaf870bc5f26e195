namespace SharpSC.Pkcs15.Objects;

/// <summary>KeyAccessFlags (PKCS#15 v1.1 §6.6.2 CommonKeyAttributes.accessFlags): bit i of the BIT STRING is 1 &lt;&lt; i.</summary>
[Flags]
public enum KeyAccessFlags : uint
{
    None = 0,
    Sensitive = 1 << 0,
    Extractable = 1 << 1,
    AlwaysSensitive = 1 << 2,
    NeverExtractable = 1 << 3,
    Local = 1 << 4,
}
