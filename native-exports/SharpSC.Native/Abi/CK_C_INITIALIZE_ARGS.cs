using System.Runtime.InteropServices;

namespace SharpSC.Native.Abi;

[StructLayout(LayoutKind.Sequential, Pack = Abi.Pack)]
internal unsafe struct CK_C_INITIALIZE_ARGS
{
    public delegate* unmanaged<void**, CULong> CreateMutex;
    public delegate* unmanaged<void*, CULong> DestroyMutex;
    public delegate* unmanaged<void*, CULong> LockMutex;
    public delegate* unmanaged<void*, CULong> UnlockMutex;
    public CULong flags;
    public void* pReserved;
}
