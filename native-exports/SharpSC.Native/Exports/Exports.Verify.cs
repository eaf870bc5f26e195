using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Verification (PKCS#11 3.0 §5.12), in software with the public key.</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_VerifyInit")]
    public static CULong C_VerifyInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_VerifyInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.VerifyInit(hSession.Value, Mechanisms.Read(pMechanism), hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Verify")]
    public static CULong C_Verify(CULong hSession, byte* pData, CULong ulDataLen, byte* pSignature, CULong ulSignatureLen)
    {
        var call = ApiCall.Begin("C_Verify", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.Verify(hSession.Value, OutputBuffer.Input(pData, ulDataLen), OutputBuffer.Input(pSignature, ulSignatureLen)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyUpdate")]
    public static CULong C_VerifyUpdate(CULong hSession, byte* pPart, CULong ulPartLen)
    {
        var call = ApiCall.Begin("C_VerifyUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.VerifyUpdate(hSession.Value, OutputBuffer.Input(pPart, ulPartLen)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyFinal")]
    public static CULong C_VerifyFinal(CULong hSession, byte* pSignature, CULong ulSignatureLen)
    {
        var call = ApiCall.Begin("C_VerifyFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.VerifyFinal(hSession.Value, OutputBuffer.Input(pSignature, ulSignatureLen)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyRecoverInit")]
    public static CULong C_VerifyRecoverInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_VerifyRecoverInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.VerifyRecoverInit(hSession.Value, Mechanisms.Read(pMechanism), hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyRecover")]
    public static CULong C_VerifyRecover(CULong hSession, byte* pSignature, CULong ulSignatureLen, byte* pData, CULong* pulDataLen)
    {
        var call = ApiCall.Begin("C_VerifyRecover", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulDataLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.VerifyRecover(hSession.Value, OutputBuffer.Input(pSignature, ulSignatureLen), Outputs.Request(pData, pulDataLen));
            return call.Done(Outputs.Write(result, pData, pulDataLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
