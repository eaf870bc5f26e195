using SharpSC.Native.Abi;
using SharpSC.Pkcs11.Module;

namespace SharpSC.Native;

/// <summary>The application's CreateMutex/DestroyMutex/LockMutex/UnlockMutex from CK_C_INITIALIZE_ARGS.</summary>
internal sealed unsafe class ApplicationMutexes : IApplicationLocking
{
    private readonly delegate* unmanaged<void**, CULong> _create;
    private readonly delegate* unmanaged<void*, CULong> _destroy;
    private readonly delegate* unmanaged<void*, CULong> _lock;
    private readonly delegate* unmanaged<void*, CULong> _unlock;

    public ApplicationMutexes(CK_C_INITIALIZE_ARGS* args)
    {
        _create = args->CreateMutex;
        _destroy = args->DestroyMutex;
        _lock = args->LockMutex;
        _unlock = args->UnlockMutex;
    }

    public ulong Create(out nint mutex)
    {
        void* m = null;
        var rv = _create(&m).Value;
        mutex = (nint)m;
        return rv;
    }

    public ulong Destroy(nint mutex) => _destroy((void*)mutex).Value;

    public ulong Lock(nint mutex) => _lock((void*)mutex).Value;

    public ulong Unlock(nint mutex) => _unlock((void*)mutex).Value;
}
