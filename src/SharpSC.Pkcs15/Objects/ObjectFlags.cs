namespace SharpSC.Pkcs15.Objects;

/// <summary>CommonObjectFlags (PKCS#15 v1.1 §6.2.1): bit i of the BIT STRING is 1 &lt;&lt; i.</summary>
[Flags]
public enum ObjectFlags : uint
{
    None = 0,
    Private = 1 << 0,
    Modifiable = 1 << 1,
}
