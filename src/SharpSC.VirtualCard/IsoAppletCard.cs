using System.Diagnostics;
using SharpSC.VirtualCard.Applet;
using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;
using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard;

/// <summary>
/// An emulated Java Card carrying the IsoApplet. Persistent state (files, keys, PIN/PUK values and try
/// counters, life cycle) survives resets and, when the card is bound to a state file, process restarts;
/// transient state (PIN verified, selection, security environment, pending responses) is cleared by
/// <see cref="Reset"/> and power cycles as on a real card. Thread-safe; <see cref="Process"/> never throws.
/// </summary>
public sealed class IsoAppletCard
{
    private readonly object _gate = new();
    private readonly ChangeTracker _changes;
    private readonly AppletState _state;
    private readonly JavaCardRuntime _runtime;
    private readonly Action<string> _log;
    private readonly byte[] _atr;
    private long _apdus, _bytesIn, _bytesOut, _resets, _ticks;

    /// <summary>A blank card (no PIN, no PUK, only the MF) that lives in memory.</summary>
    public IsoAppletCard(AppletVersion version) : this(version, null)
    {
    }

    public IsoAppletCard(AppletVersion version, IsoAppletCardOptions? options)
        : this(BlankState(version, options), options, null)
    {
    }

    private IsoAppletCard(AppletState state, IsoAppletCardOptions? options, string? statePath)
    {
        _state = state;
        _changes = state.Changes;
        _log = options?.Log ?? (_ => { });
        _atr = CardAtr.Validate((byte[])(options?.Atr ?? CardAtr.Default).Clone());
        _runtime = new JavaCardRuntime(new IsoApplet(state), _log);
        StatePath = statePath;
        IsPowered = true;
    }

    /// <summary>The state file this card saves to after every persistent change, or null.</summary>
    public string? StatePath { get; }

    public AppletVersion Version => _state.Profile.Version;

    public byte[] Atr => (byte[])_atr.Clone();

    public bool IsPowered { get; private set; }

    /// <summary>Loads a card from a state file (which must exist). The card is not bound to the file.</summary>
    /// <exception cref="CardStateException">The file is corrupt, of an unknown format, or unreadable.</exception>
    public static IsoAppletCard Load(string path, IsoAppletCardOptions? options = null)
    {
        var bytes = ReadState(path) ?? throw new CardStateException($"state file {path} does not exist");
        return new IsoAppletCard(Decode(bytes, path), options, null);
    }

    /// <summary>
    /// Opens the card stored in <paramref name="path"/>, or creates a blank card of <paramref name="version"/>
    /// there when the file does not exist. The card saves itself atomically after every persistent change.
    /// </summary>
    /// <exception cref="CardStateException">The file is unusable or holds a card of the other applet version; it is left untouched.</exception>
    public static IsoAppletCard OpenOrCreate(string path, AppletVersion version, IsoAppletCardOptions? options = null)
    {
        var stale = CardStateStore.RemoveStaleTemporaryFiles(path);
        if (stale > 0) options?.Log?.Invoke($"removed {stale} temporary file(s) of interrupted saves of {path}");
        var bytes = ReadState(path);
        if (bytes == null)
        {
            var blank = new IsoAppletCard(BlankState(version, options), options, Path.GetFullPath(path));
            blank.Save(path);
            return blank;
        }
        var state = Decode(bytes, path);
        if (state.Profile.Version != version)
            throw new CardStateException(
                $"state file {path} holds an IsoApplet {Name(state.Profile.Version)} card, not {Name(version)}; use --applet {Name(state.Profile.Version)} or another state file");
        return new IsoAppletCard(state, options, Path.GetFullPath(path));
    }

    /// <summary>Writes the persistent state to <paramref name="path"/> atomically with mode 0600.</summary>
    public void Save(string path)
    {
        lock (_gate) CardStateStore.WriteAtomically(path, CardStateCodec.Encode(_state));
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
            if (!IsPowered) PowerOnLocked();
            byte[] response;
            try
            {
                response = _runtime.Process(commandApdu);
            }
            catch (Exception e)
            {
                _log($"internal error, answering 6F00: {e.GetType().Name}: {e.Message}");
                response = Response.Status(StatusWords.Unknown).ToBytes();
            }
            if (_changes.Take() && StatePath != null && !TrySave())
                response = Response.Status(StatusWords.MemoryFailure).ToBytes();
            _apdus++;
            _bytesIn += commandApdu.Length;
            _bytesOut += response.Length;
            _ticks += Stopwatch.GetTimestamp() - started;
            return response;
        }
    }

    /// <summary>Warm reset: the applet is deselected and all transient state is cleared.</summary>
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

    private bool TrySave()
    {
        try
        {
            CardStateStore.WriteAtomically(StatePath!, CardStateCodec.Encode(_state));
            return true;
        }
        catch (Exception e)
        {
            _log($"cannot save the card state to {StatePath}: {e.Message}; answering 6581 (memory failure)");
            return false;
        }
    }

    private static AppletState BlankState(AppletVersion version, IsoAppletCardOptions? options)
    {
        var capacity = options?.MemoryCapacity ?? MemoryBudget.DefaultCapacity;
        var budget = new MemoryBudget(capacity);
        var state = new AppletState(AppletProfile.For(version), new ChangeTracker(), budget);
        budget.Restore(state.Fs.StorageCost);
        return state;
    }

    private static byte[]? ReadState(string path)
    {
        try
        {
            return CardStateStore.ReadIfExists(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CardStateException($"cannot read state file {path}: {e.Message}", e);
        }
    }

    private static AppletState Decode(byte[] bytes, string path)
    {
        try
        {
            return CardStateCodec.Decode(bytes, new ChangeTracker());
        }
        catch (CardStateException e)
        {
            throw new CardStateException($"refusing state file {path}: {e.Message} (the file was left untouched)", e);
        }
    }

    private static string Name(AppletVersion v) => v == AppletVersion.V0 ? "v0" : "v1";
}
