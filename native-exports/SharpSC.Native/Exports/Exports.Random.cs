using System.Runtime.InteropServices;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Random numbers (PKCS#11 3.0 §5.15) and the legacy parallel-function calls (§5.16).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_SeedRandom")]
    public static CULong C_SeedRandom(CULong hSession, byte* pSeed, CULong ulSeedLen)
    {
        var call = ApiCall.Begin("C_SeedRandom", ApiCall.Tracing ? $"hSession={hSession.Value} ulSeedLen={ulSeedLen.Value}" : null);
        try
        {
            return call.Done(Cryptoki.SeedRandom(hSession.Value, OutputBuffer.Input(pSeed, ulSeedLen)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GenerateRandom")]
    public static CULong C_GenerateRandom(CULong hSession, byte* RandomData, CULong ulRandomLen)
    {
        var call = ApiCall.Begin("C_GenerateRandom", ApiCall.Tracing ? $"hSession={hSession.Value} ulRandomLen={ulRandomLen.Value}" : null);
        try
        {
            var length = Ck.Length(ulRandomLen);
            if (RandomData == null && length != 0) return call.Done(CKR_ARGUMENTS_BAD);
            return call.Done(Cryptoki.GenerateRandom(hSession.Value, length == 0 ? [] : new Span<byte>(RandomData, length)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetFunctionStatus")]
    public static CULong C_GetFunctionStatus(CULong hSession)
    {
        var call = ApiCall.Begin("C_GetFunctionStatus", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.LegacyParallelFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CancelFunction")]
    public static CULong C_CancelFunction(CULong hSession)
    {
        var call = ApiCall.Begin("C_CancelFunction", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.LegacyParallelFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
