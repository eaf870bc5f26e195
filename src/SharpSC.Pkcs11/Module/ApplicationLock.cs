using SharpSC.Diagnostics;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// The module-wide lock made from the application's own mutex functions (C_Initialize case 3):
/// every call except C_WaitForSlotEvent runs inside it.
/// </summary>
internal sealed class ApplicationLock : IDisposable
{
    private readonly IApplicationLocking _functions;
    private readonly nint _mutex;

    private ApplicationLock(IApplicationLocking functions, nint mutex)
    {
        _functions = functions;
        _mutex = mutex;
    }

    public static ulong TryCreate(IApplicationLocking functions, out ApplicationLock? appLock)
    {
        appLock = null;
        var rv = functions.Create(out var mutex);
        if (rv != CKR_OK)
        {
            Log.Error("init", $"the application's CreateMutex failed with {CkrNames.Name(rv)}");
            return CKR_CANT_LOCK;
        }
        appLock = new ApplicationLock(functions, mutex);
        return CKR_OK;
    }

    public void Enter()
    {
        var rv = _functions.Lock(_mutex);
        if (rv != CKR_OK) throw new Pkcs11Exception(rv, "the application's LockMutex failed");
    }

    public void Exit()
    {
        var rv = _functions.Unlock(_mutex);
        if (rv != CKR_OK) Log.Error("lock", $"the application's UnlockMutex failed with {CkrNames.Name(rv)}");
    }

    public void Dispose() => _functions.Destroy(_mutex);
}
