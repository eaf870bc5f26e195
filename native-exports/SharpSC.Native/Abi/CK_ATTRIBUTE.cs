using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_ATTRIBUTE
{
    public CULong type;
    public void* pValue;
    public CULong ulValueLen;
}
