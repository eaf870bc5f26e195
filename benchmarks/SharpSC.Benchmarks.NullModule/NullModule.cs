using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpSC.Benchmarks.NullModule;

/// <summary>
/// A PKCS#11 2.40 function list whose C_Initialize and C_Finalize succeed and every other function
/// answers CKR_FUNCTION_NOT_SUPPORTED. Loaded by the benchmark host the way it loads a real module,
/// it shows the footprint of the NativeAOT runtime itself.
/// </summary>
public static unsafe class NullModule
{
    private const nuint CkrOk = 0;
    private const nuint CkrFunctionNotSupported = 0x54;

    // PKCS#11 2.40 §5.3: CK_FUNCTION_LIST holds CK_VERSION and 68 function pointers.
    private const int FunctionCount = 68;

    private static nint* _table;

    [UnmanagedCallersOnly(EntryPoint = "C_GetFunctionList")]
    public static nuint GetFunctionList(nint** list)
    {
        if (list == null) return 7; // CKR_ARGUMENTS_BAD
        if (_table == null)
        {
            var table = (nint*)NativeMemory.AllocZeroed((nuint)(sizeof(nint) * (FunctionCount + 1)));
            ((byte*)table)[0] = 2;
            ((byte*)table)[1] = 40;
            for (var i = 1; i <= FunctionCount; i++) table[i] = (nint)(delegate* unmanaged<nuint>)&NotSupported;
            table[1] = (nint)(delegate* unmanaged<void*, nuint>)&Initialize;
            table[2] = (nint)(delegate* unmanaged<void*, nuint>)&Finalize;
            _table = table;
        }
        *list = _table;
        return CkrOk;
    }

    [UnmanagedCallersOnly]
    private static nuint Initialize(void* args)
    {
        // Touch the managed heap once, as any real module does on its first call.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        GC.KeepAlive(new object());
        return CkrOk;
    }

    [UnmanagedCallersOnly]
    private static nuint Finalize(void* reserved) => CkrOk;

    [UnmanagedCallersOnly]
    private static nuint NotSupported() => CkrFunctionNotSupported;
}
