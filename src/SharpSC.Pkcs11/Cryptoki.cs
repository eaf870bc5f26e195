using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Module;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>
/// The engine's entry points, one per C_* function, on managed types. The native layer
/// (native-exports) reads and writes C memory and calls these; they return a CKR_* code or throw
/// <see cref="Pkcs11Exception"/>, never anything else on purpose. This file: module lifecycle.
/// </summary>
public static partial class Cryptoki
{
    private static readonly object LifecycleGate = new();
    private static ModuleState? _state;

    /// <summary>How the module reaches readers and cards (PC/SC); tests put in-process readers here.</summary>
    internal static Func<Slots.ICardReaders> Readers { get; set; } = () => new Slots.PcscReaders();

    /// <summary>The driver table that finds a card's applications; tests put in-process drivers here.</summary>
    internal static Cards.Registry.DriverRegistry Drivers { get; set; } = Cards.Registry.DriverRegistry.Default;

    /// <summary>The token device of an application (<see cref="Tokens.TokenDevices"/>); tests put software devices here.</summary>
    internal static Func<Cards.Registry.CardApplication, Tokens.ITokenDevice> OpenDevice { get; set; } = Tokens.TokenDevices.Open;

    public static ulong Initialize(InitializeArgs args)
    {
        lock (LifecycleGate)
        {
            var pid = ProcessId.Current;
            if (_state != null)
            {
                if (_state.Pid == pid) return CKR_CRYPTOKI_ALREADY_INITIALIZED;
                Log.Info("init", $"initializing in forked child {pid} of {_state.Pid}: starting afresh");
                _state.Abandon();
                _state = null;
            }

            var rv = InitializeArgsRules.Validate(args, out var model);
            if (rv != CKR_OK) return rv;
            ApplicationLock? appLock = null;
            if (model == InitializeArgsRules.LockingModel.Application)
            {
                rv = ApplicationLock.TryCreate(args.ApplicationLocking!, out appLock);
                if (rv != CKR_OK) return rv;
            }

            Log.ConfigureFromEnvironment();
            var state = new ModuleState(pid, appLock, Readers(), Drivers, OpenDevice);
            state.StartEventBaseline();
            _state = state;
            return CKR_OK;
        }
    }

    public static ulong Finalize(bool reservedIsNull)
    {
        if (!reservedIsNull) return CKR_ARGUMENTS_BAD;
        ModuleState state;
        lock (LifecycleGate)
        {
            if (_state == null || _state.Pid != ProcessId.Current) return CKR_CRYPTOKI_NOT_INITIALIZED;
            state = _state;
            _state = null;
        }
        state.Shutdown();
        return CKR_OK;
    }

    public static bool IsInitialized
    {
        get
        {
            var state = Volatile.Read(ref _state);
            return state != null && state.Pid == ProcessId.Current;
        }
    }

    /// <summary>C_GetInfo; <paramref name="cryptokiVersion"/> is the version of the function table used.</summary>
    public static ulong GetInfo(CkVersion cryptokiVersion, out ModuleInfo info)
    {
        using var call = Enter();
        info = new ModuleInfo(cryptokiVersion, ModuleIdentity.Manufacturer, 0, ModuleIdentity.LibraryDescription, ModuleIdentity.LibraryVersion);
        return CKR_OK;
    }

    /// <summary>Starts a call: CKR_CRYPTOKI_NOT_INITIALIZED unless initialized in this process.</summary>
    internal static CallScope Enter(bool applicationLock = true)
    {
        var state = Volatile.Read(ref _state);
        if (state == null || state.Pid != ProcessId.Current || !state.TryEnter())
            throw new Pkcs11Exception(CKR_CRYPTOKI_NOT_INITIALIZED, "C_Initialize has not been called (in this process)");
        if (applicationLock && state.AppLock != null)
        {
            try
            {
                state.AppLock.Enter();
            }
            catch
            {
                state.Exit();
                throw;
            }
            return new CallScope(state, appLocked: true);
        }
        return new CallScope(state, appLocked: false);
    }
}
