using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SharpSC.Sample;

/// <summary>`list`: the module, every slot, and the public objects of each token (no login needed).</summary>
public static class TokenLister
{
    public static void Print(CardModule card, TextWriter output)
    {
        var info = card.Library.GetInfo();
        output.WriteLine($"module: {info.LibraryDescription} {info.LibraryVersion} ({info.ManufacturerId}), PKCS#11 {info.CryptokiVersion}");
        foreach (var slot in card.Library.GetSlotList(SlotsType.WithOrWithoutTokenPresent))
        {
            var slotInfo = slot.GetSlotInfo();
            if (!slotInfo.SlotFlags.TokenPresent)
            {
                output.WriteLine($"slot {slot.SlotId}: {slotInfo.SlotDescription}: no card");
                continue;
            }
            var token = slot.GetTokenInfo();
            output.WriteLine($"slot {slot.SlotId}: {slotInfo.SlotDescription}: token \"{token.Label}\" ({token.Model}, serial {token.SerialNumber})");
            using var session = slot.OpenSession(SessionType.ReadOnly);
            foreach (var (handle, cls) in session.FindAllObjects([]).Select(o => (o, Class(session, o))))
                output.WriteLine("  " + Describe(session, handle, cls));
        }
    }

    private static CKO Class(ISession session, IObjectHandle handle) =>
        (CKO)session.GetAttributeValue(handle, [CKA.CKA_CLASS])[0].GetValueAsUlong();

    private static string Describe(ISession session, IObjectHandle handle, CKO cls)
    {
        var a = session.GetAttributeValue(handle, [CKA.CKA_LABEL, CKA.CKA_ID]);
        var label = a[0].CannotBeRead ? "" : a[0].GetValueAsString();
        var id = a[1].CannotBeRead ? "" : Convert.ToHexString(a[1].GetValueAsByteArray()).ToLowerInvariant();
        var kind = cls switch
        {
            CKO.CKO_CERTIFICATE => "certificate",
            CKO.CKO_PUBLIC_KEY => KeyKind(session, handle) + " public key",
            CKO.CKO_PRIVATE_KEY => KeyKind(session, handle) + " private key",
            _ => cls.ToString(),
        };
        return $"{kind}: id {id} label \"{label}\"";
    }

    private static string KeyKind(ISession session, IObjectHandle handle) =>
        (CKK)session.GetAttributeValue(handle, [CKA.CKA_KEY_TYPE])[0].GetValueAsUlong() switch
        {
            CKK.CKK_RSA => "RSA",
            CKK.CKK_EC => "EC",
            var other => other.ToString(),
        };
}
