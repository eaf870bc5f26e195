using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal struct CK_RSA_PKCS_PSS_PARAMS
{
    public CULong hashAlg;
    public CULong mgf;
    public CULong sLen;
}
