using System.Runtime.InteropServices;

namespace SharpSC.TestSupport;

/// <summary>
/// Sets a variable in this process's own environment (libc setenv), where the module loaded into the test
/// process reads it (NativeAOT asks getenv; .NET's Environment.SetEnvironmentVariable would change only the
/// test runtime's copy). Disposing restores the previous value.
/// </summary>
public sealed partial class NativeEnvironment : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    public NativeEnvironment(string name, string value)
    {
        _name = name;
        _previous = Marshal.PtrToStringUTF8(GetEnv(name));
        if (SetEnv(name, value, 1) != 0) throw new InvalidOperationException($"setenv {name} failed");
    }

    public void Dispose()
    {
        if (_previous == null) UnsetEnv(_name);
        else SetEnv(_name, _previous, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);
}
