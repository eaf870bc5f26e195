using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>Connects a slot's card to a device: the card driver and the PKCS#15 structure on it.</summary>
internal static class CardDevices
{
    public static ITokenDevice Connect(Slots.Slot slot) =>
        throw new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, $"no card driver is available yet for the card in {slot.ReaderName}");
}
