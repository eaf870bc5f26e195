using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Pkcs11;

namespace SharpSC.Native;

/// <summary>
/// The message-based functions of PKCS#11 3.0 (§5.8–5.12 "message-based"): they serve AEAD and
/// per-message signing mechanisms, and no mechanism of a smart card token here is message-based, so
/// they answer CKR_FUNCTION_NOT_SUPPORTED (after the usual initialisation and session checks).
/// </summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_MessageEncryptInit")]
    public static CULong C_MessageEncryptInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_MessageEncryptInit", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptMessage")]
    public static CULong C_EncryptMessage(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pAssociatedData, CULong ulAssociatedDataLen, byte* pPlaintext, CULong ulPlaintextLen, byte* pCiphertext, CULong* pulCiphertextLen)
    {
        var call = ApiCall.Begin("C_EncryptMessage", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptMessageBegin")]
    public static CULong C_EncryptMessageBegin(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pAssociatedData, CULong ulAssociatedDataLen)
    {
        var call = ApiCall.Begin("C_EncryptMessageBegin", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptMessageNext")]
    public static CULong C_EncryptMessageNext(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pPlaintextPart, CULong ulPlaintextPartLen, byte* pCiphertextPart, CULong* pulCiphertextPartLen, CULong flags)
    {
        var call = ApiCall.Begin("C_EncryptMessageNext", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageEncryptFinal")]
    public static CULong C_MessageEncryptFinal(CULong hSession)
    {
        var call = ApiCall.Begin("C_MessageEncryptFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageDecryptInit")]
    public static CULong C_MessageDecryptInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_MessageDecryptInit", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptMessage")]
    public static CULong C_DecryptMessage(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pAssociatedData, CULong ulAssociatedDataLen, byte* pCiphertext, CULong ulCiphertextLen, byte* pPlaintext, CULong* pulPlaintextLen)
    {
        var call = ApiCall.Begin("C_DecryptMessage", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptMessageBegin")]
    public static CULong C_DecryptMessageBegin(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pAssociatedData, CULong ulAssociatedDataLen)
    {
        var call = ApiCall.Begin("C_DecryptMessageBegin", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptMessageNext")]
    public static CULong C_DecryptMessageNext(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pCiphertextPart, CULong ulCiphertextPartLen, byte* pPlaintextPart, CULong* pulPlaintextPartLen, CULong flags)
    {
        var call = ApiCall.Begin("C_DecryptMessageNext", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageDecryptFinal")]
    public static CULong C_MessageDecryptFinal(CULong hSession)
    {
        var call = ApiCall.Begin("C_MessageDecryptFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageSignInit")]
    public static CULong C_MessageSignInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_MessageSignInit", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignMessage")]
    public static CULong C_SignMessage(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pData, CULong ulDataLen, byte* pSignature, CULong* pulSignatureLen)
    {
        var call = ApiCall.Begin("C_SignMessage", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignMessageBegin")]
    public static CULong C_SignMessageBegin(CULong hSession, void* pParameter, CULong ulParameterLen)
    {
        var call = ApiCall.Begin("C_SignMessageBegin", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignMessageNext")]
    public static CULong C_SignMessageNext(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pDataPart, CULong ulDataPartLen, byte* pSignature, CULong* pulSignatureLen)
    {
        var call = ApiCall.Begin("C_SignMessageNext", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageSignFinal")]
    public static CULong C_MessageSignFinal(CULong hSession)
    {
        var call = ApiCall.Begin("C_MessageSignFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageVerifyInit")]
    public static CULong C_MessageVerifyInit(CULong hSession, CK_MECHANISM* pMechanism, CULong hKey)
    {
        var call = ApiCall.Begin("C_MessageVerifyInit", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyMessage")]
    public static CULong C_VerifyMessage(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pData, CULong ulDataLen, byte* pSignature, CULong ulSignatureLen)
    {
        var call = ApiCall.Begin("C_VerifyMessage", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyMessageBegin")]
    public static CULong C_VerifyMessageBegin(CULong hSession, void* pParameter, CULong ulParameterLen)
    {
        var call = ApiCall.Begin("C_VerifyMessageBegin", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyMessageNext")]
    public static CULong C_VerifyMessageNext(CULong hSession, void* pParameter, CULong ulParameterLen, byte* pDataPart, CULong ulDataPartLen, byte* pSignature, CULong ulSignatureLen)
    {
        var call = ApiCall.Begin("C_VerifyMessageNext", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageVerifyFinal")]
    public static CULong C_MessageVerifyFinal(CULong hSession)
    {
        var call = ApiCall.Begin("C_MessageVerifyFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.MessageBasedFunction(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
