using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_EDDSA_PARAMS
{
    public byte phFlag;
    public CULong ulContextDataLen;
    public byte* pContextData;
}
