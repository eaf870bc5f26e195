using System.Runtime.InteropServices;

namespace SharpSC.Diagnostics;

/// <summary>
/// The current process id, read from the OS on every call: after fork() the child must see its own
/// pid (Environment.ProcessId is cached), so state the parent left behind can be told from its own.
/// </summary>
public static partial class CurrentProcess
{
    [LibraryImport("libc", EntryPoint = "getpid")]
    private static partial int GetPid();

    public static int Id => OperatingSystem.IsWindows() ? Environment.ProcessId : GetPid();
}
