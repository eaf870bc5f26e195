using SharpSC.Cards.Drivers;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.Cli.Errors;
using SharpSC.Pkcs15.Card;

namespace SharpSC.Cli.Connection;

/// <summary>
/// The card a command works on: the chosen reader, the connection, the driver the registry matched, and one
/// card transaction for the whole command (so that the PIN, once verified, stays verified until it ends).
/// </summary>
internal sealed class CardSession : IDisposable
{
    private readonly IDisposable _transaction;

    private CardSession(ReaderInfo reader, ICardTransport transport, CardDriver driver)
    {
        Reader = reader;
        Transport = transport;
        Driver = driver;
        _transaction = driver.BeginTransaction();
    }

    public ReaderInfo Reader { get; }
    public ICardTransport Transport { get; }
    public CardDriver Driver { get; }

    public static CardSession Open(IReaderSource readers, string? wanted)
    {
        var reader = ReaderChoice.Pick(readers.List(), wanted);
        var transport = readers.Connect(reader.Name);
        try
        {
            var match = DriverRegistry.Default.Match(transport);
            if (match.Driver is not { } driver)
                throw new CliException(ExitCodes.NoCard, $"the card in reader {reader.Index} ({reader.Name}) is not supported: {match.Reason}");
            return new CardSession(reader, transport, driver);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>The card's PKCS#15 structure (null application on a blank card).</summary>
    public Pkcs15Card ReadStructure() => Pkcs15Card.Read(Driver);

    public string ReaderLabel => $"{Reader.Index}: {Reader.Name}";

    public void Dispose()
    {
        try
        {
            _transaction.Dispose();
        }
        finally
        {
            Transport.Dispose();
        }
    }
}
