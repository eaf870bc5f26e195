using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using SharpSC.Pkcs11.Module;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>
/// The exported C_* functions. Each is a thin shim: check pointers, read and write C memory, call the
/// engine (<see cref="Cryptoki"/>), and turn every exception into a CKR_* code (<see cref="ApiCall"/>).
/// This file: general-purpose functions (PKCS#11 3.0 §5.4).
/// </summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_Initialize")]
    public static CULong C_Initialize(void* pInitArgs)
    {
        var call = ApiCall.Begin("C_Initialize", ApiCall.Tracing ? DescribeInitArgs((CK_C_INITIALIZE_ARGS*)pInitArgs) : null);
        try
        {
            return call.Done(Cryptoki.Initialize(ReadInitArgs((CK_C_INITIALIZE_ARGS*)pInitArgs)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Finalize")]
    public static CULong C_Finalize(void* pReserved)
    {
        var call = ApiCall.Begin("C_Finalize");
        try
        {
            return call.Done(Cryptoki.Finalize(pReserved == null));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetInfo")]
    public static CULong C_GetInfo(CK_INFO* pInfo) => GetInfo(pInfo, ModuleIdentity.Cryptoki30);

    /// <summary>C_GetInfo as reached through the 2.40 function list: reports cryptoki 2.40.</summary>
    [UnmanagedCallersOnly]
    public static CULong C_GetInfo_V240(CK_INFO* pInfo) => GetInfo(pInfo, ModuleIdentity.Cryptoki240);

    private static CULong GetInfo(CK_INFO* pInfo, CkVersion version)
    {
        var call = ApiCall.Begin("C_GetInfo");
        try
        {
            if (pInfo == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetInfo(version, out var info);
            if (rv != CKR_OK) return call.Done(rv);
            pInfo->cryptokiVersion = Version(info.CryptokiVersion);
            BlankPadded.Write(pInfo->manufacturerID, 32, info.ManufacturerId);
            pInfo->flags = Ck.U(info.Flags);
            BlankPadded.Write(pInfo->libraryDescription, 32, info.LibraryDescription);
            pInfo->libraryVersion = Version(info.LibraryVersion);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    /// <summary>Callable before C_Initialize (PKCS#11 3.0 §5.4.3).</summary>
    [UnmanagedCallersOnly(EntryPoint = "C_GetFunctionList")]
    public static CULong C_GetFunctionList(CK_FUNCTION_LIST** ppFunctionList)
    {
        var call = ApiCall.Begin("C_GetFunctionList");
        try
        {
            if (ppFunctionList == null) return call.Done(CKR_ARGUMENTS_BAD);
            *ppFunctionList = FunctionTables.V240;
            return call.Done(CKR_OK);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    /// <summary>PKCS#11 3.0 §5.4.4; callable before C_Initialize.</summary>
    [UnmanagedCallersOnly(EntryPoint = "C_GetInterfaceList")]
    public static CULong C_GetInterfaceList(CK_INTERFACE* pInterfacesList, CULong* pulCount)
    {
        var call = ApiCall.Begin("C_GetInterfaceList");
        try
        {
            if (pulCount == null) return call.Done(CKR_ARGUMENTS_BAD);
            if (pInterfacesList == null)
            {
                *pulCount = Ck.U(FunctionTables.InterfaceCount);
                return call.Done(CKR_OK);
            }
            if (pulCount->Value < FunctionTables.InterfaceCount)
            {
                *pulCount = Ck.U(FunctionTables.InterfaceCount);
                return call.Done(CKR_BUFFER_TOO_SMALL);
            }
            for (var i = 0; i < FunctionTables.InterfaceCount; i++) pInterfacesList[i] = FunctionTables.Interfaces[i];
            *pulCount = Ck.U(FunctionTables.InterfaceCount);
            return call.Done(CKR_OK);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    /// <summary>
    /// PKCS#11 3.0 §5.4.5: NULL name = the default interface ("PKCS 11" 3.0); NULL version = the newest
    /// of that name; flags must all be offered by the interface (ours offer none).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "C_GetInterface")]
    public static CULong C_GetInterface(byte* pInterfaceName, CK_VERSION* pVersion, CK_INTERFACE** ppInterface, CULong flags)
    {
        var call = ApiCall.Begin("C_GetInterface", ApiCall.Tracing
            ? $"name={(pInterfaceName == null ? "NULL" : Marshal.PtrToStringUTF8((nint)pInterfaceName))} version={(pVersion == null ? "NULL" : $"{pVersion->major}.{pVersion->minor}")} flags=0x{flags.Value:X}"
            : null);
        try
        {
            if (ppInterface == null) return call.Done(CKR_ARGUMENTS_BAD);
            if (pInterfaceName != null && Marshal.PtrToStringUTF8((nint)pInterfaceName) != "PKCS 11") return call.Done(CKR_ARGUMENTS_BAD);
            if (flags.Value != 0) return call.Done(CKR_ARGUMENTS_BAD);
            CK_INTERFACE* chosen = null;
            if (pVersion == null || (pVersion->major == 3 && pVersion->minor == 0)) chosen = &FunctionTables.Interfaces[0];
            else if (pVersion->major == 2 && pVersion->minor == 40) chosen = &FunctionTables.Interfaces[1];
            if (chosen == null) return call.Done(CKR_ARGUMENTS_BAD);
            *ppInterface = chosen;
            return call.Done(CKR_OK);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    private static InitializeArgs ReadInitArgs(CK_C_INITIALIZE_ARGS* args)
    {
        if (args == null) return InitializeArgs.None;
        var count = (args->CreateMutex != null ? 1 : 0) + (args->DestroyMutex != null ? 1 : 0)
            + (args->LockMutex != null ? 1 : 0) + (args->UnlockMutex != null ? 1 : 0);
        return new InitializeArgs
        {
            Flags = args->flags.Value,
            MutexFunctionCount = count,
            ReservedIsNull = args->pReserved == null,
            ApplicationLocking = count == 4 ? new ApplicationMutexes(args) : null,
        };
    }

    private static string DescribeInitArgs(CK_C_INITIALIZE_ARGS* args) =>
        args == null ? "NULL" : $"flags=0x{args->flags.Value:X} mutex functions={(args->CreateMutex != null ? "yes" : "no")} pReserved={(args->pReserved == null ? "NULL" : "set")}";

    private static CK_VERSION Version(CkVersion v) => new() { major = v.Major, minor = v.Minor };
}
