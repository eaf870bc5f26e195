using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Decryption (PKCS#11 3.0 §5.9), on the card.</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_DecryptInit")]
    public static CULong C_DecryptInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_DecryptInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.DecryptInit(hSession.Value, Mechanisms.Read(pMechanism), hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Decrypt")]
    public static CULong C_Decrypt(CULong hSession, byte* pEncryptedData, CULong ulEncryptedDataLen, byte* pData, CULong* pulDataLen)
    {
        var call = ApiCall.Begin("C_Decrypt", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulDataLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.Decrypt(hSession.Value, OutputBuffer.Input(pEncryptedData, ulEncryptedDataLen), Outputs.Request(pData, pulDataLen));
            return call.Done(Outputs.Write(result, pData, pulDataLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptUpdate")]
    public static CULong C_DecryptUpdate(CULong hSession, byte* pEncryptedPart, CULong ulEncryptedPartLen, byte* pPart, CULong* pulPartLen)
    {
        var call = ApiCall.Begin("C_DecryptUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.DecryptUpdate(hSession.Value, OutputBuffer.Input(pEncryptedPart, ulEncryptedPartLen), Outputs.Request(pPart, pulPartLen));
            return call.Done(Outputs.Write(result, pPart, pulPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptFinal")]
    public static CULong C_DecryptFinal(CULong hSession, byte* pLastPart, CULong* pulLastPartLen)
    {
        var call = ApiCall.Begin("C_DecryptFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulLastPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.DecryptFinal(hSession.Value, Outputs.Request(pLastPart, pulLastPartLen));
            return call.Done(Outputs.Write(result, pLastPart, pulLastPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
