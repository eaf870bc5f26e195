using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Encryption (PKCS#11 3.0 §5.8), in software with the public key.</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_EncryptInit")]
    public static CULong C_EncryptInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_EncryptInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.EncryptInit(hSession.Value, Mechanisms.Read(pMechanism), hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Encrypt")]
    public static CULong C_Encrypt(CULong hSession, byte* pData, CULong ulDataLen, byte* pEncryptedData, CULong* pulEncryptedDataLen)
    {
        var call = ApiCall.Begin("C_Encrypt", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulEncryptedDataLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.Encrypt(hSession.Value, OutputBuffer.Input(pData, ulDataLen), Outputs.Request(pEncryptedData, pulEncryptedDataLen));
            return call.Done(Outputs.Write(result, pEncryptedData, pulEncryptedDataLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptUpdate")]
    public static CULong C_EncryptUpdate(CULong hSession, byte* pPart, CULong ulPartLen, byte* pEncryptedPart, CULong* pulEncryptedPartLen)
    {
        var call = ApiCall.Begin("C_EncryptUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulEncryptedPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.EncryptUpdate(hSession.Value, OutputBuffer.Input(pPart, ulPartLen), Outputs.Request(pEncryptedPart, pulEncryptedPartLen));
            return call.Done(Outputs.Write(result, pEncryptedPart, pulEncryptedPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptFinal")]
    public static CULong C_EncryptFinal(CULong hSession, byte* pLastEncryptedPart, CULong* pulLastEncryptedPartLen)
    {
        var call = ApiCall.Begin("C_EncryptFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulLastEncryptedPartLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.EncryptFinal(hSession.Value, Outputs.Request(pLastEncryptedPart, pulLastEncryptedPartLen));
            return call.Done(Outputs.Write(result, pLastEncryptedPart, pulLastEncryptedPartLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
