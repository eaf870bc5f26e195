using System.Runtime.InteropServices;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// The current process id, read from the OS on every call: after fork() the child must see its own
/// pid (Environment.ProcessId is cached), so C_Initialize in the child starts afresh (as OpenSC and
/// ykcs11 do) and calls that skip C_Initialize get CKR_CRYPTOKI_NOT_INITIALIZED.
/// </summary>
internal static partial class ProcessId
{
    [LibraryImport("libc", EntryPoint = "getpid")]
    private static partial int GetPid();

    public static int Current => OperatingSystem.IsWindows() ? Environment.ProcessId : GetPid();
}
