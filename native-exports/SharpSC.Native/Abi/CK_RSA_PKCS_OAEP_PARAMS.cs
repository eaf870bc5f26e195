using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_RSA_PKCS_OAEP_PARAMS
{
    public CULong hashAlg;
    public CULong mgf;
    public CULong source;
    public void* pSourceData;
    public CULong ulSourceDataLen;
}
