using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Key management (PKCS#11 3.0 §5.14).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_GenerateKey")]
    public static CULong C_GenerateKey(CULong hSession, CK_MECHANISM* pMechanism, CK_ATTRIBUTE* pTemplate, CULong ulCount, CULong* phKey)
    {
        var call = ApiCall.Begin("C_GenerateKey", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (phKey == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GenerateKey(hSession.Value, Mechanisms.Read(pMechanism), Templates.Read(pTemplate, ulCount), out var key);
            if (rv == CKR_OK) *phKey = Ck.U(key);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GenerateKeyPair")]
    public static CULong C_GenerateKeyPair(CULong hSession, CK_MECHANISM* pMechanism, CK_ATTRIBUTE* pPublicKeyTemplate, CULong ulPublicKeyAttributeCount,
        CK_ATTRIBUTE* pPrivateKeyTemplate, CULong ulPrivateKeyAttributeCount, CULong* phPublicKey, CULong* phPrivateKey)
    {
        var call = ApiCall.Begin("C_GenerateKeyPair", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X}" : null);
        try
        {
            if (phPublicKey == null || phPrivateKey == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GenerateKeyPair(hSession.Value, Mechanisms.Read(pMechanism),
                Templates.Read(pPublicKeyTemplate, ulPublicKeyAttributeCount), Templates.Read(pPrivateKeyTemplate, ulPrivateKeyAttributeCount),
                out var publicKey, out var privateKey);
            if (rv == CKR_OK)
            {
                *phPublicKey = Ck.U(publicKey);
                *phPrivateKey = Ck.U(privateKey);
            }
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_WrapKey")]
    public static CULong C_WrapKey(CULong hSession, CK_MECHANISM* pMechanism, CULong hWrappingKey, CULong hKey, byte* pWrappedKey, CULong* pulWrappedKeyLen)
    {
        var call = ApiCall.Begin("C_WrapKey", ApiCall.Tracing ? $"hSession={hSession.Value} hWrappingKey={hWrappingKey.Value} hKey={hKey.Value}" : null);
        try
        {
            if (pulWrappedKeyLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            return call.Done(Cryptoki.WrapKey(hSession.Value, Mechanisms.Read(pMechanism), hWrappingKey.Value, hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_UnwrapKey")]
    public static CULong C_UnwrapKey(CULong hSession, CK_MECHANISM* pMechanism, CULong hUnwrappingKey, byte* pWrappedKey, CULong ulWrappedKeyLen,
        CK_ATTRIBUTE* pTemplate, CULong ulAttributeCount, CULong* phKey)
    {
        var call = ApiCall.Begin("C_UnwrapKey", ApiCall.Tracing ? $"hSession={hSession.Value} hUnwrappingKey={hUnwrappingKey.Value}" : null);
        try
        {
            if (phKey == null) return call.Done(CKR_ARGUMENTS_BAD);
            return call.Done(Cryptoki.UnwrapKey(hSession.Value, Mechanisms.Read(pMechanism), hUnwrappingKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DeriveKey")]
    public static CULong C_DeriveKey(CULong hSession, CK_MECHANISM* pMechanism, CULong hBaseKey, CK_ATTRIBUTE* pTemplate, CULong ulAttributeCount, CULong* phKey)
    {
        var call = ApiCall.Begin("C_DeriveKey", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X} hBaseKey={hBaseKey.Value} ulAttributeCount={ulAttributeCount.Value}" : null);
        try
        {
            if (phKey == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.DeriveKey(hSession.Value, Mechanisms.Read(pMechanism), hBaseKey.Value, Templates.Read(pTemplate, ulAttributeCount), out var key);
            if (rv == CKR_OK) *phKey = Ck.U(key);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
