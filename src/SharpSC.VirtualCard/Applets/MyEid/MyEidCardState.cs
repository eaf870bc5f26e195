using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// What a MyEID card keeps across resets: its serial number, life cycle (creation or operational), change
/// counter, the 14 PIN objects and the file tree under the MF. Everything else is session state.
/// </summary>
internal sealed class MyEidCardState
{
    /// <summary>Memory for files and keys; a MyEID 4.5 card (80 KB EEPROM) has about this much once personalisable.</summary>
    public const int DefaultCapacity = 72 * 1024;

    public MyEidCardState(byte[] serial, int capacity)
    {
        Serial = serial;
        Capacity = capacity;
        Pins = new MyEidPin?[MyEidConstants.PinCount];
        MasterFile = NewMasterFile(DefaultMfAcl);
        MasterFile.Add(NewApplicationDf(DefaultAppDfAcl));
    }

    /// <summary>ACLs of a new card: MF create CHV1 / delete CHV3, 5015 create CHV1 / delete CHV1 (as OpenSC's myeid profile erases it).</summary>
    public static readonly byte[] DefaultMfAcl = [0x11, 0x3F, 0xFF];
    public static readonly byte[] DefaultAppDfAcl = [0x11, 0x1F, 0xFF];

    public byte[] Serial { get; }
    public int Capacity { get; }
    public byte LifeCycle { get; set; } = MyEidConstants.LifeCycleCreation;

    /// <summary>Counts file system writes (CREATE, DELETE, UPDATE/ERASE BINARY, key loads); the card info's last two bytes.</summary>
    public ushort ChangeCounter { get; set; } = 1;

    public MyEidPin?[] Pins { get; }
    public MyEidFile MasterFile { get; private set; }

    public bool IsOperational => LifeCycle == MyEidConstants.LifeCycleOperational;

    public int UsedMemory => MasterFile.Subtree().Sum(f => f.StorageCost);

    /// <summary>A blank card: MF and 5015 with the default ACLs, no PINs, creation state, a random serial number.</summary>
    public static MyEidCardState Blank(byte[]? serial = null)
    {
        if (serial is { Length: not 10 }) throw new ArgumentException("a MyEID serial number has 10 bytes", nameof(serial));
        if (serial == null)
        {
            serial = new byte[10];
            CardRandom.Bytes(6).CopyTo(serial, 4);
        }
        return new MyEidCardState(serial, DefaultCapacity);
    }

    /// <summary>
    /// PUT DATA 01 E0 (initialise applet): everything is erased, PINs included; MF and 5015 are made again with
    /// the ACLs given (bytes 2..4 for the MF, 5..7 for 5015 when present) and the card is back in creation state.
    /// </summary>
    public void Erase(ReadOnlySpan<byte> parameters)
    {
        var mfAcl = parameters.Length >= 5 ? parameters[2..5].ToArray() : (byte[])DefaultMfAcl.Clone();
        var appAcl = parameters.Length >= 8 ? parameters[5..8].ToArray() : (byte[])DefaultAppDfAcl.Clone();
        Array.Clear(Pins);
        MasterFile = NewMasterFile(mfAcl);
        MasterFile.Add(NewApplicationDf(appAcl));
        LifeCycle = MyEidConstants.LifeCycleCreation;
    }

    public void ReplaceMasterFile(MyEidFile mf) => MasterFile = mf;

    public void Touch() => ChangeCounter = (ushort)(ChangeCounter + 1);

    /// <summary>Reserves room for a new file or key; 6A84 when the card's memory is full.</summary>
    public void EnsureRoom(int extraBytes)
    {
        if (UsedMemory + extraBytes > Capacity) throw IsoException.Of(StatusWords.FileFull);
    }

    private static MyEidFile NewMasterFile(byte[] acl) =>
        new(MyEidConstants.MasterFileId, MyEidFileTypes.Df, MyEidConstants.MaxFileSize, true, acl, MyEidConstants.PropUndeletable, null);

    private static MyEidFile NewApplicationDf(byte[] acl) =>
        new(MyEidConstants.ApplicationDfId, MyEidFileTypes.Df, MyEidConstants.MaxFileSize, true, acl, MyEidConstants.PropUndeletable,
            (byte[])MyEidConstants.Aid.Clone());
}
