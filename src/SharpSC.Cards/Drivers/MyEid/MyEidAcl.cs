using SharpSC.Cards.Files;
using static SharpSC.Cards.Drivers.MyEid.MyEidConstants;

namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// MyEID's tag 86, three bytes of nibbles (MyEID manual "File access conditions"; OpenSC card-myeid.c
/// parse_sec_attr / encode_file_structure). Working EF: read | update, delete | -, RFU. Key file: use | update,
/// delete | generate. DF: create EF | create DF, delete | -. A nibble is 0 (always), F (never) or the PIN
/// reference whose verification grants the operation.
/// </summary>
internal static class MyEidAcl
{
    /// <summary>
    /// The ACL bytes for a file made from <paramref name="acl"/>: the user PIN is reference <paramref name="userPin"/>,
    /// the security officer <paramref name="soPin"/> (the user PIN's reference on a card without SO PIN).
    /// </summary>
    public static byte[] Encode(FileAcl acl, bool isDf, int userPin, int soPin)
    {
        int N(AccessCondition c) => Nibble(c, userPin, soPin);
        return isDf
            ? [(byte)(N(acl.UpdateOrCreateEf) << 4 | N(acl.WriteOrCreateDf)), (byte)(N(acl.DeleteSelf) << 4 | AclNever), 0xFF]
            : [(byte)(N(acl.Read) << 4 | N(acl.Update)), (byte)(N(acl.DeleteSelf) << 4 | AclNever), 0xFF];
    }

    /// <summary>The ACL of a key file whose use, update, deletion and generation all need <paramref name="pin"/>.</summary>
    public static byte[] KeyFile(int pin) => [(byte)(pin << 4 | pin), (byte)(pin << 4 | pin), 0xFF];

    /// <summary>What a file's tag 86 allows, for a DF or an EF; null when the attributes are not three bytes.</summary>
    public static FileAcl? Decode(ReadOnlySpan<byte> attributes, bool isDf, int userPin, int soPin)
    {
        if (attributes.Length != 3) return null;
        AccessCondition C(int nibble) => nibble switch
        {
            AclAlways => AccessCondition.Always,
            AclNever => AccessCondition.Never,
            _ when nibble == userPin => AccessCondition.Pin,
            _ when nibble == soPin => AccessCondition.SoPin,
            _ => AccessCondition.Unknown,
        };
        var high0 = C(attributes[0] >> 4);
        var low0 = C(attributes[0] & 0x0F);
        var delete = C(attributes[1] >> 4);
        return isDf
            ? new FileAcl(delete, AccessCondition.Never, AccessCondition.Never, AccessCondition.Never, low0, high0, AccessCondition.Unknown)
            : FileAcl.ForEf(high0, low0, delete, AccessCondition.Never);
    }

    private static int Nibble(AccessCondition c, int userPin, int soPin) => c switch
    {
        AccessCondition.Always => AclAlways,
        AccessCondition.Pin => userPin,
        AccessCondition.SoPin => soPin,
        AccessCondition.Never => AclNever,
        _ => throw new ArgumentException($"Access condition {c} cannot be written to a MyEID file."),
    };
}
