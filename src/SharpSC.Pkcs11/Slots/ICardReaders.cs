using SharpSC.Cards.Transport;

namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// The readers and cards the module sees: PC/SC in the library (<see cref="PcscReaders"/>), in-process cards in
/// tests. Nothing here sends an APDU except what goes through <see cref="Connect"/>'s transport.
/// </summary>
internal interface ICardReaders : IDisposable
{
    /// <summary>Reader names now; empty (logged) when PC/SC is not available.</summary>
    IReadOnlyList<string> List();

    /// <summary>Is a card in the reader, and pcscd's insert/remove event counter that tells one insertion from the next.</summary>
    (bool CardPresent, uint EventCounter) Status(string reader);

    /// <summary>A connection to the card in the reader (shared mode).</summary>
    ICardTransport Connect(string reader);
}
