namespace SharpSC.Cards.Transport;

/// <summary>
/// A raw connection to one card: sends one command APDU, returns the response (data followed by
/// SW1 SW2). Implementations: the PC/SC connection (production) and in-memory channels (tests).
/// No retrying, no GET RESPONSE handling here: that is <see cref="ApduChannel"/>'s job.
/// </summary>
public interface ICardTransport : IDisposable
{
    /// <summary>Answer-to-reset of the card as last seen (changes after a reset).</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>Reader name, for logs and messages.</summary>
    string ReaderName { get; }

    /// <summary>
    /// Exchanges one APDU. Throws <see cref="CardRemovedException"/> when the card is gone,
    /// <see cref="CardResetException"/> when another party reset it since the last exchange
    /// (the transport has reconnected; the caller must re-select and re-authenticate), and
    /// <see cref="CardTransportException"/> for other transport failures.
    /// </summary>
    byte[] Transmit(ReadOnlySpan<byte> command);

    /// <summary>
    /// Exclusive access for a multi-APDU operation (PC/SC SCardBeginTransaction). Nested calls are
    /// counted; the transaction ends when the outermost scope is disposed.
    /// </summary>
    IDisposable BeginTransaction();
}
