namespace SharpSC.VirtualCard.Iso;

/// <summary>CLA byte coding (ISO/IEC 7816-4 §5.4.1) as the Java Card APDU class interprets it.</summary>
internal static class ClassByte
{
    /// <summary>javacard.framework.APDU.getCLAChannel: b1-b2 for first interindustry (and proprietary) classes, 4 + b1-b4 for further interindustry.</summary>
    public static int Channel(byte cla) => (cla & 0x40) == 0 ? cla & 0x03 : (cla & 0x0F) + 4;

    /// <summary>javacard.framework.APDU.isSecureMessagingCLA: b3-b4 (first interindustry) or b6 (further interindustry).</summary>
    public static bool IsSecureMessaging(byte cla) => (cla & 0x40) == 0 ? (cla & 0x0C) != 0 : (cla & 0x20) != 0;

    /// <summary>Command chaining bit b5 (IsoApplet tests it directly, see its isCommandChainingCLA).</summary>
    public static bool IsChaining(byte cla) => (cla & 0x10) != 0;

    /// <summary>javacard.framework.APDU.isISOInterindustryCLA: b8 = 0.</summary>
    public static bool IsInterindustry(byte cla) => (cla & 0x80) == 0;
}
