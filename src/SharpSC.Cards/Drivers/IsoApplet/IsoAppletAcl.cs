using SharpSC.Cards.Files;
using static SharpSC.Cards.Drivers.IsoApplet.IsoAppletConstants;

namespace SharpSC.Cards.Drivers.IsoApplet;

/// <summary>
/// IsoApplet's tag 86 (8 bytes): access mode byte, then one security condition per operation in ISO 7816-4
/// table 17 order (delete-self, terminate, activate, deactivate, write/create-DF, update/create-EF,
/// read/delete-child). 00 always, 90 (or 1x) PIN, FF never — IsoFileSystem.authenticateAction.
/// </summary>
internal static class IsoAppletAcl
{
    public static byte[] Encode(FileAcl acl)
    {
        var bytes = new byte[8];
        bytes[0] = AccessModeAll;
        var conditions = acl.InTableOrder();
        for (var i = 0; i < conditions.Length; i++)
        {
            bytes[i + 1] = conditions[i] switch
            {
                AccessCondition.Always => ScAlways,
                AccessCondition.Pin => ScPin,
                AccessCondition.Never => ScNever,
                _ => throw new ArgumentException($"Access condition {conditions[i]} cannot be written to an IsoApplet file.", nameof(acl)),
            };
        }
        return bytes;
    }

    public static FileAcl? Decode(ReadOnlySpan<byte> attributes)
    {
        if (attributes.Length != 8 || attributes[0] != AccessModeAll)
            return null;
        Span<AccessCondition> conditions = stackalloc AccessCondition[7];
        for (var i = 0; i < 7; i++)
        {
            var sc = attributes[i + 1];
            conditions[i] = sc switch
            {
                ScAlways => AccessCondition.Always,
                ScNever => AccessCondition.Never,
                _ when sc == ScPin || (sc & 0x9F) == 0x10 => AccessCondition.Pin,
                _ => AccessCondition.Unknown,
            };
        }
        return FileAcl.FromTableOrder(conditions);
    }
}
