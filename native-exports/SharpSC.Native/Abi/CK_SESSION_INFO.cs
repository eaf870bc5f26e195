using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal struct CK_SESSION_INFO
{
    public CULong slotID;
    public CULong state;
    public CULong flags;
    public CULong ulDeviceError;
}
