using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_TOKEN_INFO
{
    public fixed byte label[32];
    public fixed byte manufacturerID[32];
    public fixed byte model[16];
    public fixed byte serialNumber[16];
    public CULong flags;
    public CULong ulMaxSessionCount;
    public CULong ulSessionCount;
    public CULong ulMaxRwSessionCount;
    public CULong ulRwSessionCount;
    public CULong ulMaxPinLen;
    public CULong ulMinPinLen;
    public CULong ulTotalPublicMemory;
    public CULong ulFreePublicMemory;
    public CULong ulTotalPrivateMemory;
    public CULong ulFreePrivateMemory;
    public CK_VERSION hardwareVersion;
    public CK_VERSION firmwareVersion;
    public fixed byte utcTime[16];
}
