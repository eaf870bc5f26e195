namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>What a PIV application keeps across power cycles: PIN, PUK, management key, keys, data objects, serial.</summary>
internal sealed class PivCardState
{
    public PivCardState(uint serial, PivPin pin, PivPin puk, PivManagementKey managementKey)
    {
        Serial = serial;
        Pin = pin;
        Puk = puk;
        ManagementKey = managementKey;
    }

    public uint Serial { get; }
    public PivPin Pin { get; set; }
    public PivPin Puk { get; set; }
    public PivManagementKey ManagementKey { get; set; }

    /// <summary>Keys by slot (9A, 9C, 9D, 9E, 82–95, F9).</summary>
    public Dictionary<byte, PivKey> Keys { get; } = [];

    /// <summary>Data object contents (the value of the 53 container) by tag.</summary>
    public Dictionary<int, byte[]> Objects { get; } = [];
}
