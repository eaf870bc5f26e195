using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_MECHANISM
{
    public CULong mechanism;
    public void* pParameter;
    public CULong ulParameterLen;
}
