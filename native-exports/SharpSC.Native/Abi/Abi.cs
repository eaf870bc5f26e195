namespace SharpSC.Native.Abi;

/// <summary>
/// Layout rules of the PKCS#11 headers (PKCS#11 3.0 §2.1, pkcs11.h): structures are packed to 1 byte
/// on Windows and naturally aligned elsewhere; CK_ULONG is C 'unsigned long' (CULong: 4 bytes on
/// Windows, 8 on 64-bit Linux/macOS).
/// </summary>
internal static class Abi
{
#if SHARPSC_WINDOWS
    public const int Pack = 1;
#else
    public const int Pack = 0;
#endif
}
