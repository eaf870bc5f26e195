using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Slots;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Slot and token enumeration (PKCS#11 3.0 §5.5).</summary>
public static partial class Cryptoki
{
    /// <summary>
    /// C_GetSlotList. The reader list is read again from PC/SC when the caller asks for the count
    /// (pSlotList NULL) — the spec's refresh point — and on first use. The applications of a card inserted
    /// since the last look are found here (once per insertion), so a card with several lists a slot for each.
    /// </summary>
    public static ulong GetSlotList(bool tokenPresent, bool countOnly, out ulong[] slotIds)
    {
        using var call = Enter();
        var slots = call.State.Slots;
        if (countOnly) slots.Refresh();
        call.State.Tokens.DiscoverApplications();
        IEnumerable<Slot> list = slots.PresentSlots;
        if (tokenPresent) list = list.Where(call.State.Tokens.TokenPresent);
        slotIds = list.Select(s => s.Id).ToArray();
        return CKR_OK;
    }

    public static ulong GetSlotInfo(ulong slotId, out SlotInfo info)
    {
        using var call = Enter();
        var slot = FindSlot(call.State, slotId);
        var flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
        if (call.State.Tokens.TokenPresent(slot)) flags |= CKF_TOKEN_PRESENT;
        info = new SlotInfo(slot.Description, ModuleIdentity.Manufacturer, flags, default, default);
        return CKR_OK;
    }

    /// <summary>C_WaitForSlotEvent; not serialised by the application lock (it blocks).</summary>
    public static ulong WaitForSlotEvent(ulong flags, bool reservedIsNull, out ulong slotId)
    {
        slotId = 0;
        if (!reservedIsNull) return CKR_ARGUMENTS_BAD;
        using var call = Enter(applicationLock: false);
        return call.State.Events.Wait((flags & CKF_DONT_BLOCK) != 0, out slotId);
    }

    private static Slot FindSlot(ModuleState state, ulong slotId) =>
        state.Slots.Find(slotId) ?? throw new Pkcs11Exception(CKR_SLOT_ID_INVALID, $"no slot {slotId}");
}
