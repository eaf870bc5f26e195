using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Message digesting (PKCS#11 3.0 §5.10), in software.</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_DigestInit")]
    public static CULong C_DigestInit(CULong hSession, CK_MECHANISM* pMechanism)
    {
        var call = ApiCall.Begin("C_DigestInit", ApiCall.Tracing ? $"hSession={hSession.Value} mechanism=0x{(pMechanism == null ? 0 : pMechanism->mechanism.Value):X}" : null);
        try
        {
            return call.Done(Cryptoki.DigestInit(hSession.Value, Mechanisms.Read(pMechanism)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Digest")]
    public static CULong C_Digest(CULong hSession, byte* pData, CULong ulDataLen, byte* pDigest, CULong* pulDigestLen)
    {
        var call = ApiCall.Begin("C_Digest", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulDigestLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.Digest(hSession.Value, OutputBuffer.Input(pData, ulDataLen), Outputs.Request(pDigest, pulDigestLen));
            return call.Done(Outputs.Write(result, pDigest, pulDigestLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestUpdate")]
    public static CULong C_DigestUpdate(CULong hSession, byte* pPart, CULong ulPartLen)
    {
        var call = ApiCall.Begin("C_DigestUpdate", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.DigestUpdate(hSession.Value, OutputBuffer.Input(pPart, ulPartLen)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestKey")]
    public static CULong C_DigestKey(CULong hSession, CULong hKey)
    {
        var call = ApiCall.Begin("C_DigestKey", ApiCall.Tracing ? $"hSession={hSession.Value} hKey={hKey.Value}" : null);
        try
        {
            return call.Done(Cryptoki.DigestKey(hSession.Value, hKey.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestFinal")]
    public static CULong C_DigestFinal(CULong hSession, byte* pDigest, CULong* pulDigestLen)
    {
        var call = ApiCall.Begin("C_DigestFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulDigestLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            var result = Cryptoki.DigestFinal(hSession.Value, Outputs.Request(pDigest, pulDigestLen));
            return call.Done(Outputs.Write(result, pDigest, pulDigestLen));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
