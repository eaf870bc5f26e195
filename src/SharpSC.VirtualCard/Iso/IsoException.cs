namespace SharpSC.VirtualCard.Iso;

/// <summary>Ends the processing of the current APDU with a status word (javacard.framework.ISOException).</summary>
internal sealed class IsoException(ushort statusWord) : Exception($"status word {statusWord:X4}")
{
    public ushort StatusWord { get; } = statusWord;

    public static IsoException Of(ushort sw) => new(sw);
}

/// <summary>
/// An exception the genuine applet does not catch (NullPointerException, ArrayIndexOutOfBounds,
/// CryptoException ...). The Java Card runtime turns it into 6F00; the emulator logs the reason.
/// </summary>
internal sealed class AppletFaultException(string reason) : Exception(reason);
