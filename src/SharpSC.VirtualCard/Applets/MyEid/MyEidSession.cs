namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// What a MyEID card forgets at reset: the verified PINs, the current file, the security environment, and a
/// command chain or split cryptogram in progress.
/// </summary>
internal sealed class MyEidSession
{
    /// <summary>Bit n-1 set: PIN n verified. Bits 14 and 15 are the unblocker and admin roles some PINs carry.</summary>
    public ushort Verified { get; set; }

    public const ushort UnblockerRole = 0x4000;
    public const ushort AdminRole = 0x8000;

    public MyEidFile? Current { get; set; }

    public MyEidSecurityEnvironment? Environment { get; set; }

    /// <summary>INS of a CLA 10 chain in progress (0: none) and the data collected so far.</summary>
    public byte ChainIns { get; set; }
    public List<byte> ChainData { get; } = [];

    /// <summary>The first half of a cryptogram sent with padding indicator 81 (cards before chaining).</summary>
    public List<byte>? SplitCryptogram { get; set; }

    public bool IsVerified(int pinReference) => (Verified & (1 << (pinReference - 1))) != 0;

    public void Reset(MyEidFile masterFile)
    {
        Verified = 0;
        Current = masterFile;
        Environment = null;
        ChainIns = 0;
        ChainData.Clear();
        SplitCryptogram = null;
    }
}
