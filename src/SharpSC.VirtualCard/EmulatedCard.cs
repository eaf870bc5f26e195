using System.Diagnostics;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;
using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard;

/// <summary>
/// An emulated Java Card (JCOP-like, T=1) carrying one or several applets (<see cref="AppletCatalog"/>).
/// Persistent state (each applet's files, keys, PINs and try counters) survives resets and, when the card
/// is bound to a state file, process restarts; transient state (selection, PINs verified, pending
/// responses) is cleared by <see cref="Reset"/> and power cycles as on a real card. Thread-safe;
/// <see cref="Process"/> never throws.
/// </summary>
public partial class EmulatedCard
{
    private readonly object _gate = new();
    private readonly ChangeTracker _changes;
    private readonly JavaCardRuntime _runtime;
    private readonly Action<string> _log;
    private readonly byte[] _atr;
    private long _apdus, _bytesIn, _bytesOut, _resets, _ticks;

    /// <summary>A card carrying <paramref name="applets"/>, which were created with <paramref name="changes"/>.</summary>
    /// <exception cref="ArgumentException">The applets cannot share a card (same AID, two default applets) or the ATR is invalid.</exception>
    internal EmulatedCard(IReadOnlyList<IApplet> applets, ChangeTracker changes, EmulatedCardOptions? options = null, string? statePath = null,
        byte[]? defaultAtr = null)
    {
        _changes = changes;
        _log = options?.Log ?? (_ => { });
        _runtime = new JavaCardRuntime(applets, _log);
        defaultAtr ??= applets.Count > 0 ? AppletCatalog.Find(applets[0].Kind)?.DefaultAtr : null;
        _atr = CardAtr.Validate((byte[])(options?.Atr ?? defaultAtr ?? CardAtr.Default).Clone());
        _changes.Take();
        StatePath = statePath;
        IsPowered = true;
    }

    internal EmulatedCard(CardContents contents)
        : this(contents.Applets, contents.Changes, contents.Options, contents.StatePath, contents.DefaultAtr)
    {
    }

    /// <summary>The state file this card saves to after every persistent change, or null.</summary>
    public string? StatePath { get; }

    /// <summary>The card's applets by kind, in card order ("v1"; "piv", "openpgp").</summary>
    public IReadOnlyList<string> Applets => _runtime.Applets.Select(a => a.Kind).ToList();

    /// <summary>What the card carries, for log lines: "IsoApplet v1", "PIV + OpenPGP".</summary>
    public string Title => string.Join(" + ", _runtime.Applets.Select(a => AppletCatalog.Find(a.Kind)?.Title ?? a.Kind));

    public byte[] Atr => (byte[])_atr.Clone();

    public bool IsPowered { get; private set; }

    internal IReadOnlyList<IApplet> InstalledApplets => _runtime.Applets;

    /// <summary>Writes the persistent state to <paramref name="path"/> atomically with mode 0600.</summary>
    public void Save(string path)
    {
        lock (_gate) CardStateStore.WriteAtomically(path, EncodeLocked());
    }

    /// <summary>
    /// Saves to the bound state file once more, for a program that stops (the file is already current
    /// unless the last save failed). False when a command still running kept the card busy past
    /// <paramref name="wait"/> or the save failed; the file then holds the state of the last answered command.
    /// </summary>
    public bool Flush(TimeSpan wait)
    {
        if (!Monitor.TryEnter(_gate, wait)) return false;
        try
        {
            return StatePath == null || TrySave("the state file keeps the last saved state");
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>
    /// Processes one command APDU and returns the response data followed by SW1 SW2. An unpowered card is
    /// powered up first (pcscd always does that itself).
    /// </summary>
    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        lock (_gate)
        {
            var started = Stopwatch.GetTimestamp();
            byte[] response;
            try
            {
                if (!IsPowered) PowerOnLocked();
                response = _runtime.Process(commandApdu);
            }
            catch (Exception e)
            {
                _log($"internal error, answering 6F00: {e.GetType().Name}: {e.Message}");
                response = Response.Status(StatusWords.Unknown).ToBytes();
            }
            if (_changes.Take() && StatePath != null && !TrySave("answering 6581 (memory failure)"))
                response = Response.Status(StatusWords.MemoryFailure).ToBytes();
            _apdus++;
            _bytesIn += commandApdu.Length;
            _bytesOut += response.Length;
            _ticks += Stopwatch.GetTimestamp() - started;
            return response;
        }
    }

    /// <summary>Warm reset: the selected applet is deselected and all transient state is cleared.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _runtime.Reset();
            IsPowered = true;
            _resets++;
        }
    }

    public void PowerOff()
    {
        lock (_gate)
        {
            _runtime.Reset();
            IsPowered = false;
        }
    }

    public void PowerOn()
    {
        lock (_gate) PowerOnLocked();
    }

    public CardStatistics Statistics
    {
        get
        {
            lock (_gate)
                return new CardStatistics(_apdus, _bytesIn, _bytesOut, _resets, Stopwatch.GetElapsedTime(0, _ticks));
        }
    }

    public void ResetStatistics()
    {
        lock (_gate) _apdus = _bytesIn = _bytesOut = _resets = _ticks = 0;
    }

    private void PowerOnLocked()
    {
        _runtime.Reset();
        IsPowered = true;
        _resets++;
    }

    private byte[] EncodeLocked() =>
        CardStateCodec.Encode(_runtime.Applets.Select(a => new SavedApplet(a.Kind, a.SaveState())).ToList());

    private bool TrySave(string consequence)
    {
        try
        {
            CardStateStore.WriteAtomically(StatePath!, EncodeLocked());
            return true;
        }
        catch (Exception e)
        {
            _log($"cannot save the card state to {StatePath}: {e.Message}; {consequence}");
            return false;
        }
    }
}
