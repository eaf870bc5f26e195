namespace SharpSC.Pkcs11.Module;

/// <summary>One PKCS#11 call in progress: keeps the module state alive and holds the application lock if any.</summary>
internal readonly struct CallScope : IDisposable
{
    private readonly bool _appLocked;

    public CallScope(ModuleState state, bool appLocked)
    {
        State = state;
        _appLocked = appLocked;
    }

    public ModuleState State { get; }

    public void Dispose()
    {
        if (_appLocked) State.AppLock!.Exit();
        State.Exit();
    }
}
