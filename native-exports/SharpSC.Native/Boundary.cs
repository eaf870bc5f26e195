using System.Diagnostics;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>
/// One C_* call crossing the boundary: traces it (SHARPSC_DEBUG=2: name, arguments, return code,
/// duration) and turns every exception into a CKR_* code — an exception escaping an
/// [UnmanagedCallersOnly] method would abort the host process.
/// </summary>
internal readonly struct ApiCall
{
    private readonly string _name;
    private readonly string? _args;
    private readonly long _start;

    private ApiCall(string name, string? args)
    {
        _name = name;
        _args = args;
        _start = Stopwatch.GetTimestamp();
    }

    public static bool Tracing => Log.IsEnabled(LogLevel.Info);

    /// <summary>Starts a call; build <paramref name="args"/> only when <see cref="Tracing"/> (never with secrets).</summary>
    public static ApiCall Begin(string name, string? args = null) => new(name, args);

    public CULong Done(ulong rv)
    {
        if (Tracing)
        {
            var ms = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
            Log.Info("api", $"{_name}({_args}) = {CkrNames.Name(rv)} [{ms:0.###} ms]");
        }
        return new CULong((nuint)rv);
    }

    public CULong Failed(Exception e)
    {
        ulong rv;
        switch (e)
        {
            case Pkcs11Exception p:
                rv = p.Code;
                if (rv != CKR_CRYPTOKI_NOT_INITIALIZED)
                    Log.Error("api", $"{_name}: {CkrNames.Name(rv)}: {p.Message}");
                break;
            case OutOfMemoryException:
                rv = CKR_HOST_MEMORY;
                Log.Error("api", $"{_name}: out of memory");
                break;
            default:
                rv = CKR_FUNCTION_FAILED;
                Log.Error("api", $"{_name}: unexpected {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                break;
        }
        return Done(rv);
    }
}
