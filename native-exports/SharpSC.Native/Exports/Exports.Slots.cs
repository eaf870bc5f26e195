using System.Runtime.InteropServices;
using SharpSC.Diagnostics;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native;

/// <summary>Slot and token management (PKCS#11 3.0 §5.5).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "C_GetSlotList")]
    public static CULong C_GetSlotList(byte tokenPresent, CULong* pSlotList, CULong* pulCount)
    {
        var call = ApiCall.Begin("C_GetSlotList", ApiCall.Tracing ? $"tokenPresent={tokenPresent} pSlotList={(pSlotList == null ? "NULL" : "buffer")} *pulCount={(pulCount == null ? "NULL" : pulCount->Value.ToString())}" : null);
        try
        {
            if (pulCount == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetSlotList(tokenPresent != 0, pSlotList == null, out var slots);
            return call.Done(rv == CKR_OK ? OutputBuffer.WriteList(slots, pSlotList, pulCount) : rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetSlotInfo")]
    public static CULong C_GetSlotInfo(CULong slotID, CK_SLOT_INFO* pInfo)
    {
        var call = ApiCall.Begin("C_GetSlotInfo", ApiCall.Tracing ? $"slotID={slotID.Value}" : null);
        try
        {
            if (pInfo == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetSlotInfo(slotID.Value, out var info);
            if (rv != CKR_OK) return call.Done(rv);
            BlankPadded.Write(pInfo->slotDescription, 64, info.SlotDescription);
            BlankPadded.Write(pInfo->manufacturerID, 32, info.ManufacturerId);
            pInfo->flags = Ck.U(info.Flags);
            pInfo->hardwareVersion = Version(info.HardwareVersion);
            pInfo->firmwareVersion = Version(info.FirmwareVersion);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetTokenInfo")]
    public static CULong C_GetTokenInfo(CULong slotID, CK_TOKEN_INFO* pInfo)
    {
        var call = ApiCall.Begin("C_GetTokenInfo", ApiCall.Tracing ? $"slotID={slotID.Value}" : null);
        try
        {
            if (pInfo == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetTokenInfo(slotID.Value, out var info);
            if (rv != CKR_OK) return call.Done(rv);
            BlankPadded.Write(pInfo->label, 32, info.Label);
            BlankPadded.Write(pInfo->manufacturerID, 32, info.ManufacturerId);
            BlankPadded.Write(pInfo->model, 16, info.Model);
            BlankPadded.Write(pInfo->serialNumber, 16, info.SerialNumber);
            pInfo->flags = Ck.U(info.Flags);
            pInfo->ulMaxSessionCount = Ck.U(info.MaxSessionCount);
            pInfo->ulSessionCount = Ck.U(info.SessionCount);
            pInfo->ulMaxRwSessionCount = Ck.U(info.MaxRwSessionCount);
            pInfo->ulRwSessionCount = Ck.U(info.RwSessionCount);
            pInfo->ulMaxPinLen = Ck.U(info.MaxPinLen);
            pInfo->ulMinPinLen = Ck.U(info.MinPinLen);
            pInfo->ulTotalPublicMemory = Ck.U(info.TotalPublicMemory);
            pInfo->ulFreePublicMemory = Ck.U(info.FreePublicMemory);
            pInfo->ulTotalPrivateMemory = Ck.U(info.TotalPrivateMemory);
            pInfo->ulFreePrivateMemory = Ck.U(info.FreePrivateMemory);
            pInfo->hardwareVersion = Version(info.HardwareVersion);
            pInfo->firmwareVersion = Version(info.FirmwareVersion);
            BlankPadded.Write(pInfo->utcTime, 16, info.UtcTime);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetMechanismList")]
    public static CULong C_GetMechanismList(CULong slotID, CULong* pMechanismList, CULong* pulCount)
    {
        var call = ApiCall.Begin("C_GetMechanismList", ApiCall.Tracing ? $"slotID={slotID.Value}" : null);
        try
        {
            if (pulCount == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetMechanismList(slotID.Value, out var mechanisms);
            return call.Done(rv == CKR_OK ? OutputBuffer.WriteList(mechanisms, pMechanismList, pulCount) : rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetMechanismInfo")]
    public static CULong C_GetMechanismInfo(CULong slotID, CULong type, CK_MECHANISM_INFO* pInfo)
    {
        var call = ApiCall.Begin("C_GetMechanismInfo", ApiCall.Tracing ? $"slotID={slotID.Value} type=0x{type.Value:X}" : null);
        try
        {
            if (pInfo == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.GetMechanismInfo(slotID.Value, type.Value, out var info);
            if (rv != CKR_OK) return call.Done(rv);
            pInfo->ulMinKeySize = Ck.U(info.MinKeySize);
            pInfo->ulMaxKeySize = Ck.U(info.MaxKeySize);
            pInfo->flags = Ck.U(info.Flags);
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    /// <summary>pLabel is 32 bytes, blank padded, not NUL-terminated (PKCS#11 3.0 §5.6 C_InitToken).</summary>
    [UnmanagedCallersOnly(EntryPoint = "C_InitToken")]
    public static CULong C_InitToken(CULong slotID, byte* pPin, CULong ulPinLen, byte* pLabel)
    {
        var call = ApiCall.Begin("C_InitToken", ApiCall.Tracing ? $"slotID={slotID.Value} pPin={Secret(pPin, ulPinLen)}" : null);
        try
        {
            if (pLabel == null) return call.Done(CKR_ARGUMENTS_BAD);
            using var pin = SecretBytes.From(pPin, ulPinLen);
            return call.Done(Cryptoki.InitToken(slotID.Value, pin.Value, BlankPadded.Read(pLabel, 32)));
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_WaitForSlotEvent")]
    public static CULong C_WaitForSlotEvent(CULong flags, CULong* pSlot, void* pReserved)
    {
        var call = ApiCall.Begin("C_WaitForSlotEvent", ApiCall.Tracing ? $"flags=0x{flags.Value:X}" : null);
        try
        {
            if (pSlot == null) return call.Done(CKR_ARGUMENTS_BAD);
            var rv = Cryptoki.WaitForSlotEvent(flags.Value, pReserved == null, out var slot);
            if (rv == CKR_OK)
            {
                *pSlot = Ck.U(slot);
                if (ApiCall.Tracing) Log.Info("api", $"C_WaitForSlotEvent: event in slot {slot}");
            }
            return call.Done(rv);
        }
        catch (Exception e)
        {
            return call.Failed(e);
        }
    }

    /// <summary>Describes a secret argument for the trace without revealing it.</summary>
    private static string Secret(byte* p, CULong length) => p == null ? "NULL" : $"<{length.Value} bytes redacted>";
}
