using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Dual-function operations (PKCS#11 3.0 §5.13).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_DigestEncryptUpdate")]
    public static CULong C_DigestEncryptUpdate(CULong hSession, byte* pPart, CULong ulPartLen, byte* pEncryptedPart, CULong* pulEncryptedPartLen)
    {
        var call = ApiCall.Begin("C_DigestEncryptUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulEncryptedPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.DigestEncryptUpdate(hSession.Value, OutputBuffer.Input(pPart, ulPartLen), Outputs.Request(pEncryptedPart, pulEncryptedPartLen));
            return call.Done(Outputs.Write(result, pEncryptedPart, pulEncryptedPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptDigestUpdate")]
    public static CULong C_DecryptDigestUpdate(CULong hSession, byte* pEncryptedPart, CULong ulEncryptedPartLen, byte* pPart, CULong* pulPartLen)
    {
        var call = ApiCall.Begin("C_DecryptDigestUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.DecryptDigestUpdate(hSession.Value, OutputBuffer.Input(pEncryptedPart, ulEncryptedPartLen), Outputs.Request(pPart, pulPartLen));
            return call.Done(Outputs.Write(result, pPart, pulPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignEncryptUpdate")]
    public static CULong C_SignEncryptUpdate(CULong hSession, byte* pPart, CULong ulPartLen, byte* pEncryptedPart, CULong* pulEncryptedPartLen)
    {
        var call = ApiCall.Begin("C_SignEncryptUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulEncryptedPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.SignEncryptUpdate(hSession.Value, OutputBuffer.Input(pPart, ulPartLen), Outputs.Request(pEncryptedPart, pulEncryptedPartLen));
            return call.Done(Outputs.Write(result, pEncryptedPart, pulEncryptedPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptVerifyUpdate")]
    public static CULong C_DecryptVerifyUpdate(CULong hSession, byte* pEncryptedPart, CULong ulEncryptedPartLen, byte* pPart, CULong* pulPartLen)
    {
        var call = ApiCall.Begin("C_DecryptVerifyUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.DecryptVerifyUpdate(hSession.Value, OutputBuffer.Input(pEncryptedPart, ulEncryptedPartLen), Outputs.Request(pPart, pulPartLen));
            return call.Done(Outputs.Write(result, pPart, pulPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
