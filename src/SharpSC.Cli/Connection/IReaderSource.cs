using SharpSC.Cards.Transport;

namespace SharpSC.Cli.Connection;

/// <summary>The readers and cards the CLI works with: PC/SC in the program, emulated cards in tests.</summary>
internal interface IReaderSource
{
    /// <summary>The readers in PC/SC order with their card state.</summary>
    IReadOnlyList<ReaderInfo> List();

    /// <summary>A connection to the card in the named reader.</summary>
    ICardTransport Connect(string readerName);
}
