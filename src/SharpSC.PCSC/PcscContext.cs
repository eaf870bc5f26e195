using SharpSC.Diagnostics;
using SharpSC.PCSC.Native;

namespace SharpSC.PCSC;

/// <summary>
/// One PC/SC resource-manager context. pcsc-lite serialises calls per context, so a blocking
/// <see cref="GetStatusChange"/> needs a context of its own; <see cref="Cancel"/> may be called from
/// another thread to release it.
/// </summary>
public sealed class PcscContext : IDisposable
{
    private static readonly IPcscNative Native = PcscNative.ForCurrentPlatform();
    private static readonly object EstablishGate = new();
    private readonly object _gate = new();
    private readonly int? _socket;
    private nint _handle;
    private bool _released;

    private PcscContext(nint handle, int? socket = null)
    {
        _handle = handle;
        _socket = socket;
    }

    internal static IPcscNative Api => Native;

    /// <summary>Opens a context; throws <see cref="PcscException"/> (NoService when pcscd is not running).</summary>
    public static PcscContext Establish() => Establish(interruptible: false);

    /// <summary>
    /// Opens a context; with <paramref name="interruptible"/>, also finds its connection to pcscd so that
    /// <see cref="Interrupt"/> can end a call blocked in it (<see cref="CanInterrupt"/> says whether it was found).
    /// </summary>
    public static PcscContext Establish(bool interruptible)
    {
        if (!interruptible || Native is not PcscLiteNative)
        {
            var rv = Native.EstablishContext(out var handle);
            if (rv != PcscError.Success) throw new PcscException("SCardEstablishContext", rv);
            return new PcscContext(handle);
        }
        lock (EstablishGate)
        {
            var before = PcscdConnection.Snapshot();
            var rv = Native.EstablishContext(out var handle);
            if (rv != PcscError.Success) throw new PcscException("SCardEstablishContext", rv);
            return new PcscContext(handle, PcscdConnection.Added(before, PcscdConnection.Snapshot()));
        }
    }

    /// <summary>This context's connection to pcscd is known: <see cref="Interrupt"/> works.</summary>
    public bool CanInterrupt => _socket != null;

    /// <summary>
    /// Makes a call blocked in this context (SCardTransmit to a card that does not answer) return at once with
    /// an error, from any thread, by shutting down the context's connection to pcscd; every later call in the
    /// context fails, and pcscd drops its handles and transaction once the reader returns. Never call it after
    /// this context was disposed.
    /// </summary>
    public bool Interrupt()
    {
        if (_socket is not { } fd) return false;
        PcscdConnection.Interrupt(fd);
        return true;
    }

    /// <summary>Opens a context or returns null with the reason logged (pcscd down is not an error for callers that list).</summary>
    public static PcscContext? TryEstablish(out uint error)
    {
        error = Native.EstablishContext(out var handle);
        if (error == PcscError.Success) return new PcscContext(handle);
        Log.Error("pcsc", $"SCardEstablishContext: {PcscError.Describe(error)} (0x{error:X8})");
        return null;
    }

    public bool IsValid
    {
        get
        {
            lock (_gate) return !_released && Native.IsValidContext(_handle) == PcscError.Success;
        }
    }

    /// <summary>Reader names; an empty list when there are none.</summary>
    public string[] ListReaders()
    {
        var rv = Native.ListReaders(Handle, out var readers);
        if (rv == PcscError.NoReadersAvailable) return [];
        if (rv != PcscError.Success) throw new PcscException("SCardListReaders", rv);
        return readers;
    }

    /// <summary>
    /// Waits for a change of any listed reader (or the PnP notification). Returns the SCARD code:
    /// Success (states updated), Timeout, Cancelled, or an error.
    /// </summary>
    public uint GetStatusChange(TimeSpan timeout, IReadOnlyList<ReaderState> states)
    {
        var ms = timeout == Timeout.InfiniteTimeSpan ? uint.MaxValue : (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue - 1);
        return Native.GetStatusChange(Handle, ms, states);
    }

    /// <summary>Releases a GetStatusChange blocked on this context (safe from any thread).</summary>
    public void Cancel()
    {
        nint handle;
        lock (_gate)
        {
            if (_released) return;
            handle = _handle;
        }
        Native.Cancel(handle);
    }

    public PcscCard Connect(string reader, ShareMode share = ShareMode.Shared, CardProtocols protocols = CardProtocols.Any)
    {
        var rv = Native.Connect(Handle, reader, share, protocols, out var card, out var active);
        if (rv != PcscError.Success) throw new PcscException($"SCardConnect({reader})", rv);
        return new PcscCard(Native, card, reader, share, active);
    }

    private nint Handle
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_released, this);
                return _handle;
            }
        }
    }

    public void Dispose()
    {
        nint handle;
        lock (_gate)
        {
            if (_released) return;
            _released = true;
            handle = _handle;
            _handle = 0;
        }
        Native.Cancel(handle);
        Native.ReleaseContext(handle);
    }
}
