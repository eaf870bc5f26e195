using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpSC.FullStack.Tests;

/// <summary>
/// Pkcs11Interop 5.x imports dlopen from "libdl"; on glibc 2.34+ (Debian 12) dlopen lives in libc and
/// there is no unversioned libdl.so without the dev package. Point it at libc.so.6.
/// </summary>
internal static class Pkcs11InteropResolver
{
    [ModuleInitializer]
    internal static void Register()
    {
        NativeLibrary.SetDllImportResolver(typeof(Net.Pkcs11Interop.Common.CKR).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc))
            return libc;
        return IntPtr.Zero;
    }
}
