namespace SharpSC.Pkcs15.Files;

/// <summary>TokenFlags (PKCS#15 v1.1 §6.11): bit i of the BIT STRING is 1 &lt;&lt; i.</summary>
[Flags]
public enum TokenFlags : uint
{
    None = 0,
    ReadOnly = 1 << 0,
    LoginRequired = 1 << 1,
    PrnGeneration = 1 << 2,
    EidCompliant = 1 << 3,
}
