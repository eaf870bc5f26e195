using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Signing (PKCS#11 3.0 §5.11), on the card.</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_SignInit")]
    public static CULong C_SignInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_SignInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.SignInit(hSession.Value, Mechanisms.Read(pMechanism), hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Sign")]
    public static CULong C_Sign(CULong hSession, byte* pData, CULong ulDataLen, byte* pSignature, CULong* pulSignatureLen)
    {
        var call = ApiCall.Begin("C_Sign", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulSignatureLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.Sign(hSession.Value, OutputBuffer.Input(pData, ulDataLen), Outputs.Request(pSignature, pulSignatureLen));
            return call.Done(Outputs.Write(result, pSignature, pulSignatureLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignUpdate")]
    public static CULong C_SignUpdate(CULong hSession, byte* pPart, CULong ulPartLen)
    {
        var call = ApiCall.Begin("C_SignUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.SignUpdate(hSession.Value, OutputBuffer.Input(pPart, ulPartLen)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignFinal")]
    public static CULong C_SignFinal(CULong hSession, byte* pSignature, CULong* pulSignatureLen)
    {
        var call = ApiCall.Begin("C_SignFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulSignatureLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.SignFinal(hSession.Value, Outputs.Request(pSignature, pulSignatureLen));
            return call.Done(Outputs.Write(result, pSignature, pulSignatureLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignRecoverInit")]
    public static CULong C_SignRecoverInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_SignRecoverInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.SignRecoverInit(hSession.Value, Mechanisms.Read(pMechanism), hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignRecover")]
    public static CULong C_SignRecover(CULong hSession, byte* pData, CULong ulDataLen, byte* pSignature, CULong* pulSignatureLen)
    {
        var call = ApiCall.Begin("C_SignRecover", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulSignatureLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.SignRecover(hSession.Value, OutputBuffer.Input(pData, ulDataLen), Outputs.Request(pSignature, pulSignatureLen));
            return call.Done(Outputs.Write(result, pSignature, pulSignatureLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
