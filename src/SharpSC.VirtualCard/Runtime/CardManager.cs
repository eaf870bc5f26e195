using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Runtime;

/// <summary>
/// The issuer security domain, selected after every reset as on a JCOP card where the IsoApplet is not
/// the default applet. It knows nothing beyond selection: unknown AIDs and file selections answer 6A82,
/// GET DATA 6A88, other instructions 6D00, classes other than 00/80/84 6E00.
/// </summary>
internal static class CardManager
{
    /// <summary>GlobalPlatform card manager AID as JCOP cards ship it.</summary>
    public static readonly byte[] Aid = [0xA0, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00];

    /// <summary>FCI answered to SELECT by the card manager AID: 84 AID, A5 {9F65 maximum command length FF}.</summary>
    public static readonly byte[] SelectResponse =
        [0x6F, 0x10, 0x84, 0x08, 0xA0, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0xA5, 0x04, 0x9F, 0x65, 0x01, 0xFF];

    public static Response Process(CommandApdu c)
    {
        if (c.Ins == Instructions.Select) return Response.Status(StatusWords.FileNotFound);
        if (c.Cla is not (0x00 or 0x80 or 0x84)) return Response.Status(StatusWords.ClaNotSupported);
        return Response.Status(c.Ins == Instructions.GetData ? StatusWords.ReferencedDataNotFound : StatusWords.InsNotSupported);
    }
}
