using SharpSC.Cards.Drivers;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Pkcs15.Card;

namespace SharpSC.Cli.Connection;

/// <summary>
/// The card a command works on: the chosen reader, the connection, the application chosen among those the
/// driver registry found on the card (--app; default the first), and one card transaction for the whole
/// command (so that the PIN, once verified, stays verified until it ends).
/// </summary>
internal sealed class CardSession : IDisposable
{
    private readonly IDisposable _transaction;

    private CardSession(ReaderInfo reader, ICardTransport transport, CardApplications applications, CardApplication application)
    {
        Reader = reader;
        Transport = transport;
        Applications = applications;
        Application = application;
        _transaction = Driver.BeginTransaction();
    }

    public ReaderInfo Reader { get; }
    public ICardTransport Transport { get; }

    /// <summary>Every application found on the card, the chosen one among them.</summary>
    public CardApplications Applications { get; }

    public CardApplication Application { get; }

    public CardDriver Driver => Application.Driver;

    /// <summary>The card in the reader -r names, with the application --app names.</summary>
    public static CardSession Open(CliEnvironment env, Invocation invocation) =>
        Open(env.Readers, env.Drivers, invocation.Get("reader"), invocation.Get("app"));

    public static CardSession Open(IReaderSource readers, DriverRegistry drivers, string? wanted, string? application)
    {
        var reader = ReaderChoice.Pick(readers.List(), wanted);
        var transport = readers.Connect(reader.Name);
        try
        {
            var found = drivers.FindApplications(transport);
            if (!found.Success)
                throw new CliException(ExitCodes.NoCard, $"the card in reader {reader.Index} ({reader.Name}) is not supported: {found.Reason}");
            return new CardSession(reader, transport, found, ApplicationChoice.Pick(found, application, reader));
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>The card's PKCS#15 structure (null application on a blank card). PIV and OpenPGP cards have none.</summary>
    public Pkcs15Card ReadStructure() => Driver switch
    {
        Cards.Drivers.Piv.PivDriver => throw new CliException(ExitCodes.NotSupported,
            "a PIV card has no PKCS#15 structure: info, list, dump, export, keygen, import-cert, import-p12, pin, delete and 'sharpsc piv' work on it"),
        Cards.Drivers.OpenPgp.OpenPgpDriver => throw new CliException(ExitCodes.NotSupported,
            "an OpenPGP card has no PKCS#15 structure: info, list, dump, export, keygen, import-cert, pin and 'sharpsc openpgp' work on it"),
        _ => Pkcs15Card.Read(Driver),
    };

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
