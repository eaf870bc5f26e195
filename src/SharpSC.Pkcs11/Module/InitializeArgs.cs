namespace SharpSC.Pkcs11.Module;

/// <summary>
/// Locking primitives the application handed to C_Initialize (CK_C_INITIALIZE_ARGS CreateMutex ...
/// UnlockMutex). The native layer implements it over the application's function pointers.
/// </summary>
public interface IApplicationLocking
{
    /// <summary>Creates a mutex; returns the CKR of the application's CreateMutex and the handle.</summary>
    ulong Create(out nint mutex);
    ulong Lock(nint mutex);
    ulong Unlock(nint mutex);
    ulong Destroy(nint mutex);
}

/// <summary>CK_C_INITIALIZE_ARGS as the engine sees it (PKCS#11 3.0 §5.4).</summary>
public sealed record InitializeArgs
{
    /// <summary>No CK_C_INITIALIZE_ARGS at all (pInitArgs NULL).</summary>
    public static InitializeArgs None { get; } = new();

    public ulong Flags { get; init; }

    /// <summary>How many of the four mutex function pointers were not NULL (0..4).</summary>
    public int MutexFunctionCount { get; init; }

    public bool ReservedIsNull { get; init; } = true;

    /// <summary>The application's mutex functions, when all four were given.</summary>
    public IApplicationLocking? ApplicationLocking { get; init; }
}
