using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Object management (PKCS#11 3.0 §5.7).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_CreateObject")]
    public static CULong C_CreateObject(CULong hSession, CK_ATTRIBUTE* pTemplate, CULong ulCount, CULong* phObject)
    {
        var call = ApiCall.Begin("C_CreateObject", ApiCall.Tracing ? $"hSession={hSession.Value} ulCount={ulCount.Value}" : null);
        try
        {
            if (phObject == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.CreateObject(hSession.Value, Templates.Read(pTemplate, ulCount), out var handle);
            if (rv == CKR_OK) *phObject = Ck.U(handle);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CopyObject")]
    public static CULong C_CopyObject(CULong hSession, CULong hObject, CK_ATTRIBUTE* pTemplate, CULong ulCount, CULong* phNewObject)
    {
        var call = ApiCall.Begin("C_CopyObject", ApiCall.Tracing ? $"hSession={hSession.Value} hObject={hObject.Value} ulCount={ulCount.Value}" : null);
        try
        {
            if (phNewObject == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.CopyObject(hSession.Value, hObject.Value, Templates.Read(pTemplate, ulCount), out var handle);
            if (rv == CKR_OK) *phNewObject = Ck.U(handle);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DestroyObject")]
    public static CULong C_DestroyObject(CULong hSession, CULong hObject)
    {
        var call = ApiCall.Begin("C_DestroyObject", ApiCall.Tracing ? $"hSession={hSession.Value} hObject={hObject.Value}" : null);
        try
        {
            return call.Done(Cryptoki.DestroyObject(hSession.Value, hObject.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetObjectSize")]
    public static CULong C_GetObjectSize(CULong hSession, CULong hObject, CULong* pulSize)
    {
        var call = ApiCall.Begin("C_GetObjectSize", ApiCall.Tracing ? $"hSession={hSession.Value} hObject={hObject.Value}" : null);
        try
        {
            if (pulSize == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetObjectSize(hSession.Value, hObject.Value, out var size);
            if (rv == CKR_OK) *pulSize = Ck.U(size);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetAttributeValue")]
    public static CULong C_GetAttributeValue(CULong hSession, CULong hObject, CK_ATTRIBUTE* pTemplate, CULong ulCount)
    {
        var call = ApiCall.Begin("C_GetAttributeValue", ApiCall.Tracing ? $"hSession={hSession.Value} hObject={hObject.Value} ulCount={ulCount.Value}" : null);
        try
        {
            var count = Ck.Length(ulCount);
            if (pTemplate == null && count != 0) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetAttributeValue(hSession.Value, hObject.Value, Templates.Types(pTemplate, count), out var values);
            return call.Done(rv == CKR_OK ? Templates.WriteValues(pTemplate, values) : rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SetAttributeValue")]
    public static CULong C_SetAttributeValue(CULong hSession, CULong hObject, CK_ATTRIBUTE* pTemplate, CULong ulCount)
    {
        var call = ApiCall.Begin("C_SetAttributeValue", ApiCall.Tracing ? $"hSession={hSession.Value} hObject={hObject.Value} ulCount={ulCount.Value}" : null);
        try
        {
            return call.Done(Cryptoki.SetAttributeValue(hSession.Value, hObject.Value, Templates.Read(pTemplate, ulCount)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_FindObjectsInit")]
    public static CULong C_FindObjectsInit(CULong hSession, CK_ATTRIBUTE* pTemplate, CULong ulCount)
    {
        var call = ApiCall.Begin("C_FindObjectsInit", ApiCall.Tracing ? $"hSession={hSession.Value} ulCount={ulCount.Value}" : null);
        try
        {
            return call.Done(Cryptoki.FindObjectsInit(hSession.Value, Templates.Read(pTemplate, ulCount)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_FindObjects")]
    public static CULong C_FindObjects(CULong hSession, CULong* phObject, CULong ulMaxObjectCount, CULong* pulObjectCount)
    {
        var call = ApiCall.Begin("C_FindObjects", ApiCall.Tracing ? $"hSession={hSession.Value} ulMaxObjectCount={ulMaxObjectCount.Value}" : null);
        try
        {
            if (pulObjectCount == null) return call.Done(CKR_ARGUMENTS_BAD);
            var max = Ck.Length(ulMaxObjectCount);
            if (phObject == null && max != 0) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.FindObjects(hSession.Value, max, out var handles);
            if (rv != CKR_OK) return call.Done(rv);
            for (var i = 0; i < handles.Length; i++) phObject[i] = Ck.U(handles[i]);
            *pulObjectCount = Ck.U((ulong)handles.Length);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_FindObjectsFinal")]
    public static CULong C_FindObjectsFinal(CULong hSession)
    {
        var call = ApiCall.Begin("C_FindObjectsFinal", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.FindObjectsFinal(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
