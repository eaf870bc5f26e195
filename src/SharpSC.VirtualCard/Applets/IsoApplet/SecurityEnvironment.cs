namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// The current algorithm and private key reference set by MANAGE SECURITY ENVIRONMENT. Transient
/// (CLEAR_ON_DESELECT), so after a new selection both are 0.
/// </summary>
internal sealed class SecurityEnvironment
{
    public byte Algorithm { get; private set; }
    public short KeyReference { get; private set; }

    public void Set(byte algorithm, short keyReference)
    {
        Algorithm = algorithm;
        KeyReference = keyReference;
    }

    public void Clear() => Set(0, 0);
}
