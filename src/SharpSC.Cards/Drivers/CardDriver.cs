using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Drivers;

/// <summary>
/// A card driver: ISO/IEC 7816-4 commands as defaults (files, PIN, MSE/PSO, GET CHALLENGE) that a driver for
/// a particular card overrides where its card differs. One instance is bound to one card; it is not meant for
/// concurrent use (calls are serialised on an internal lock). It does not own the transport: whoever opened
/// the transport closes it.
///
/// APDU economy: the driver remembers the current DF/EF (with the size from the FCI) and the security
/// environment last set, and skips SELECT / MSE when they already hold. That memory lives for the outermost
/// <see cref="BeginTransaction"/> scope (other PC/SC clients may use the card between transactions) unless
/// <see cref="KeepStateAcrossTransactions"/> is set, and is dropped on any error and on card reset.
///
/// Application selection (the rule for cards with several applications): inside one outermost transaction
/// the card is ours, so the selection holds. Between transactions another application may be selected:
/// (1) one of ours on the same card (they share <see cref="ApduChannel.Card"/>, which records who selected
/// itself last): the driver selects its application again before its next command, one SELECT per switch,
/// none while one application is used; (2) another process: a driver whose application usually shares its
/// card with applications other programs use (<see cref="SelectsAtEveryTransaction"/>) selects it again at
/// the start of each outermost transaction that sends a command (one SELECT per transaction); the others
/// assume it stays selected and recover from a reset (reconnect, select) and from a lost PIN (the token
/// presents it again).
/// </summary>
public abstract partial class CardDriver
{
    protected const string TraceComponent = "card";
    private readonly Lock _gate = new();
    private int _transactionDepth;
    private bool _selected;

    protected CardDriver(ApduChannel channel)
    {
        Channel = channel ?? throw new ArgumentNullException(nameof(channel));
    }

    public ApduChannel Channel { get; }

    public ICardTransport Transport => Channel.Transport;

    /// <summary>Driver name for logs and tools ("IsoApplet", "Generic PKCS#15").</summary>
    public abstract string Name { get; }

    /// <summary>Applet or card version as the card reported it ("IsoApplet API 00.06"), or empty.</summary>
    public abstract string Version { get; }

    public abstract CardCapabilities Capabilities { get; }

    public bool IsReadOnly => Capabilities.IsReadOnly;

    /// <summary>The card's serial number, null when it has none (see <see cref="CardCapabilities.SerialNumberNote"/>).</summary>
    public byte[]? SerialNumber => Capabilities.SerialNumber;

    /// <summary>
    /// Keep the current file and security environment between transactions. Safe only when no other process
    /// talks to the card (exclusive connection); the default (false) forgets them when the outermost
    /// transaction ends.
    /// </summary>
    public bool KeepStateAcrossTransactions { get; set; }

    /// <summary>The DF that CREATE FILE acts in, when known.</summary>
    protected CardPath? CurrentDf { get; set; }

    /// <summary>The EF that READ/UPDATE BINARY act on, when known (with its size when the FCI said).</summary>
    protected CardFileInfo? CurrentEf { get; set; }

    /// <summary>The security environment last set by MSE, when known to be still in force.</summary>
    protected SecurityEnvironment? CurrentSecurityEnvironment { get; set; }

    /// <summary>
    /// False after a reset or transport failure, or when another application on the card selected itself since
    /// (see the class comment): the next operation selects the application first.
    /// </summary>
    protected bool ApplicationSelected
    {
        get => _selected && Channel.Card.IsSelectedBy(this);
        set
        {
            _selected = value;
            if (value) Channel.Card.SelectedBy(this);
            else Channel.Card.Release(this);
        }
    }

    /// <summary>
    /// Select the application again at the start of each outermost transaction: for applications that
    /// usually share their card with applications other programs use (PIV and OpenPGP on a YubiKey, with
    /// scdaemon or ykcs11 beside us). Costs one SELECT per transaction that sends a command. Default false.
    /// </summary>
    protected virtual bool SelectsAtEveryTransaction => false;

    /// <summary>
    /// Exclusive access for several operations (PC/SC transaction). Nested scopes are counted; cached card
    /// state is dropped when the outermost one ends (see <see cref="KeepStateAcrossTransactions"/>).
    /// </summary>
    public IDisposable BeginTransaction()
    {
        _gate.Enter();
        Channel.Card.Enter();
        IDisposable inner;
        try
        {
            inner = Transport.BeginTransaction();
        }
        catch (CardTransportException)
        {
            ForgetCardState();
            Channel.Card.Exit();
            _gate.Exit();
            throw;
        }
        catch
        {
            Channel.Card.Exit();
            _gate.Exit();
            throw;
        }
        if (_transactionDepth++ == 0 && SelectsAtEveryTransaction)
            _selected = false;
        return new TransactionScope(this, inner);
    }

    /// <summary>Forgets the current file and security environment (the next operation re-selects / re-sets).</summary>
    public void InvalidateState()
    {
        CurrentDf = null;
        CurrentEf = null;
        CurrentSecurityEnvironment = null;
    }

    /// <summary>Forgets everything including the application selection (after reset, removal or transport failure).</summary>
    protected void ForgetCardState()
    {
        InvalidateState();
        ApplicationSelected = false;
    }

    /// <summary>Selects the driver's application (e.g. SELECT by AID) and sets the state that follows from it.</summary>
    protected abstract void SelectApplication();

    /// <summary>
    /// Runs one driver operation: inside a transaction, with the application selected, dropping cached state
    /// on any failure (and the application selection on transport failures, including reset).
    /// </summary>
    protected T Run<T>(string operation, Func<T> body)
    {
        using var scope = BeginTransaction();
        try
        {
            if (!ApplicationSelected)
                SelectApplication();
            return body();
        }
        catch (CardTransportException e)
        {
            Log.Info(TraceComponent, $"{Name}: {operation}: {e.GetType().Name}: {e.Message}; card state forgotten");
            ForgetCardState();
            throw;
        }
        catch (Exception e)
        {
            Log.Debug(TraceComponent, $"{Name}: {operation} failed: {e.Message}");
            InvalidateState();
            throw;
        }
    }

    protected void Run(string operation, Action body) => Run(operation, () =>
    {
        body();
        return true;
    });

    /// <summary>Sends a command and requires 9000 (or one of <paramref name="alsoAccepted"/>).</summary>
    protected ResponseApdu Send(string operation, CommandApdu command, params ReadOnlySpan<ushort> alsoAccepted) =>
        Channel.Transmit(command).EnsureSuccess(operation, alsoAccepted);

    protected void RequireWritable(string operation)
    {
        if (IsReadOnly)
            throw new CardException(CardError.NotSupportedByDriver, $"{operation}: the {Name} driver is read-only.");
    }

    protected CardException NotSupported(string operation) =>
        new(CardError.NotSupportedByDriver, $"{operation}: not supported by the {Name} driver ({Version}).");

    public override string ToString() => $"{Name} ({Version}) on {Transport.ReaderName}";

    private sealed class TransactionScope(CardDriver driver, IDisposable inner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            try
            {
                if (--driver._transactionDepth == 0 && !driver.KeepStateAcrossTransactions)
                    driver.InvalidateState();
                inner.Dispose();
            }
            finally
            {
                driver.Channel.Card.Exit();
                driver._gate.Exit();
            }
        }
    }
}
