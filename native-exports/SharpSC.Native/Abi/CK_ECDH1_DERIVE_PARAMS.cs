using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_ECDH1_DERIVE_PARAMS
{
    public CULong kdf;
    public CULong ulSharedDataLen;
    public byte* pSharedData;
    public CULong ulPublicDataLen;
    public byte* pPublicData;
}
