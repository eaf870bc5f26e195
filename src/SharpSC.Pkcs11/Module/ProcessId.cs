using SharpSC.Diagnostics;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// The current process id as the OS says it now (<see cref="CurrentProcess"/>): after fork() C_Initialize
/// in the child starts afresh (as OpenSC and ykcs11 do) and calls that skip C_Initialize get
/// CKR_CRYPTOKI_NOT_INITIALIZED.
/// </summary>
internal static class ProcessId
{
    public static int Current => CurrentProcess.Id;
}
