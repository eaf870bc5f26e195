namespace SharpSC.Pkcs15.Files;

/// <summary>AlgorithmInfo.supportedOperations (PKCS#15 v1.1 §6.11): bit i of the BIT STRING is 1 &lt;&lt; i.</summary>
[Flags]
public enum AlgorithmOperations : uint
{
    None = 0,
    ComputeChecksum = 1 << 0,
    ComputeSignature = 1 << 1,
    VerifyChecksum = 1 << 2,
    VerifySignature = 1 << 3,
    Encipher = 1 << 4,
    Decipher = 1 << 5,
    Hash = 1 << 6,
    GenerateKey = 1 << 7,
}
