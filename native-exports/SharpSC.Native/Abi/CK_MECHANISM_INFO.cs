using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal struct CK_MECHANISM_INFO
{
    public CULong ulMinKeySize;
    public CULong ulMaxKeySize;
    public CULong flags;
}
