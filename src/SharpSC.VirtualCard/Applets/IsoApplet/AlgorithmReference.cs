namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>Algorithm references of MANAGE SECURITY ENVIRONMENT tag 80 (IsoApplet ALG_* constants).</summary>
internal static class AlgorithmReference
{
    public const byte GenerateRsa2048 = 0xF3;
    public const byte GenerateRsa4096 = 0xF5;
    public const byte GenerateEc = 0xEC;
    public const byte RsaPkcs1 = 0x11;
    public const byte RsaPss = 0x12;
    public const byte Ecdsa = 0x21;
}
