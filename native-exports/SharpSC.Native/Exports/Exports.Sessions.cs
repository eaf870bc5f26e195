using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Session management and login (PKCS#11 3.0 §5.6, §5.7).</summary>
internal static unsafe partial class Exports
{
    /// <summary>pApplication and Notify are accepted; the module never calls Notify (it has no callbacks to make).</summary>
    [UnmanagedCallersOnly(EntryPoint = "C_OpenSession")]
    public static CULong C_OpenSession(CULong slotID, CULong flags, void* pApplication, void* Notify, CULong* phSession)
    {
        var call = ApiCall.Begin("C_OpenSession", ApiCall.Tracing ? $"slotID={slotID.Value} flags=0x{flags.Value:X}" : null);
        try
        {
            if (phSession == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.OpenSession(slotID.Value, flags.Value, out var session);
            if (rv == CKR_OK) *phSession = Ck.U(session);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CloseSession")]
    public static CULong C_CloseSession(CULong hSession)
    {
        var call = ApiCall.Begin("C_CloseSession", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.CloseSession(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CloseAllSessions")]
    public static CULong C_CloseAllSessions(CULong slotID)
    {
        var call = ApiCall.Begin("C_CloseAllSessions", ApiCall.Tracing ? $"slotID={slotID.Value}" : null);
        try
        {
            return call.Done(Cryptoki.CloseAllSessions(slotID.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetSessionInfo")]
    public static CULong C_GetSessionInfo(CULong hSession, CK_SESSION_INFO* pInfo)
    {
        var call = ApiCall.Begin("C_GetSessionInfo", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pInfo == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetSessionInfo(hSession.Value, out var info);
            if (rv != CKR_OK) return call.Done(rv);
            pInfo->slotID = Ck.U(info.SlotId);
            pInfo->state = Ck.U(info.State);
            pInfo->flags = Ck.U(info.Flags);
            pInfo->ulDeviceError = Ck.U(info.DeviceError);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SessionCancel")]
    public static CULong C_SessionCancel(CULong hSession, CULong flags)
    {
        var call = ApiCall.Begin("C_SessionCancel", ApiCall.Tracing ? $"hSession={hSession.Value} flags=0x{flags.Value:X}" : null);
        try
        {
            return call.Done(Cryptoki.SessionCancel(hSession.Value, flags.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetOperationState")]
    public static CULong C_GetOperationState(CULong hSession, byte* pOperationState, CULong* pulOperationStateLen)
    {
        var call = ApiCall.Begin("C_GetOperationState", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pulOperationStateLen == null) return call.Done(CKR_ARGUMENTS_BAD);
            return call.Done(Cryptoki.GetOperationState(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SetOperationState")]
    public static CULong C_SetOperationState(CULong hSession, byte* pOperationState, CULong ulOperationStateLen, CULong hEncryptionKey, CULong hAuthenticationKey)
    {
        var call = ApiCall.Begin("C_SetOperationState", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            if (pOperationState == null) return call.Done(CKR_ARGUMENTS_BAD);
            return call.Done(Cryptoki.SetOperationState(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Login")]
    public static CULong C_Login(CULong hSession, CULong userType, byte* pPin, CULong ulPinLen)
    {
        var call = ApiCall.Begin("C_Login", ApiCall.Tracing ? $"hSession={hSession.Value} userType={userType.Value} pPin={Secret(pPin, ulPinLen)}" : null);
        try
        {
            using var pin = SecretBytes.From(pPin, ulPinLen);
            return call.Done(Cryptoki.Login(hSession.Value, userType.Value, pin.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    /// <summary>PKCS#11 3.0 §5.6 C_LoginUser: our tokens have no user names; the PIN decides, as with C_Login.</summary>
    [UnmanagedCallersOnly(EntryPoint = "C_LoginUser")]
    public static CULong C_LoginUser(CULong hSession, CULong userType, byte* pPin, CULong ulPinLen, byte* pUsername, CULong ulUsernameLen)
    {
        var call = ApiCall.Begin("C_LoginUser", ApiCall.Tracing ? $"hSession={hSession.Value} userType={userType.Value} pPin={Secret(pPin, ulPinLen)}" : null);
        try
        {
            if (pUsername == null && ulUsernameLen.Value != 0) return call.Done(CKR_ARGUMENTS_BAD);
            using var pin = SecretBytes.From(pPin, ulPinLen);
            return call.Done(Cryptoki.Login(hSession.Value, userType.Value, pin.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Logout")]
    public static CULong C_Logout(CULong hSession)
    {
        var call = ApiCall.Begin("C_Logout", ApiCall.Tracing ? $"hSession={hSession.Value}" : null);
        try
        {
            return call.Done(Cryptoki.Logout(hSession.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_InitPIN")]
    public static CULong C_InitPIN(CULong hSession, byte* pPin, CULong ulPinLen)
    {
        var call = ApiCall.Begin("C_InitPIN", ApiCall.Tracing ? $"hSession={hSession.Value} pPin={Secret(pPin, ulPinLen)}" : null);
        try
        {
            using var pin = SecretBytes.From(pPin, ulPinLen);
            return call.Done(Cryptoki.InitPin(hSession.Value, pin.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SetPIN")]
    public static CULong C_SetPIN(CULong hSession, byte* pOldPin, CULong ulOldLen, byte* pNewPin, CULong ulNewLen)
    {
        var call = ApiCall.Begin("C_SetPIN", ApiCall.Tracing ? $"hSession={hSession.Value} pOldPin={Secret(pOldPin, ulOldLen)} pNewPin={Secret(pNewPin, ulNewLen)}" : null);
        try
        {
            using var oldPin = SecretBytes.From(pOldPin, ulOldLen);
            using var newPin = SecretBytes.From(pNewPin, ulNewLen);
            return call.Done(Cryptoki.SetPin(hSession.Value, oldPin.Value, newPin.Value));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }
}
