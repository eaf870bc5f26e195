using System.Reflection;
using System.Runtime.InteropServices;

namespace SharpSC.Sample;

/// <summary>
/// Pkcs11Interop 5.x imports dlopen from "libdl". Since glibc 2.34 (Debian 12) dlopen lives in libc and
/// an unversioned libdl.so exists only with the C development package, so point "libdl" at libc.so.6.
/// </summary>
public static class LibdlResolver
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(Net.Pkcs11Interop.Common.CKR).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) ? libc : IntPtr.Zero;
}
