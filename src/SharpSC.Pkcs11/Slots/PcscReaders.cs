using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;
using SharpSC.PCSC;

namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// Readers through pcscd, with a PC/SC context of its own: when pcscd is not running the list is empty (logged,
/// never an error) and the context is established again on the next call.
/// </summary>
internal sealed class PcscReaders : ICardReaders
{
    private readonly object _gate = new();
    private PcscContext? _context;
    private bool _disposed;

    public IReadOnlyList<string> List()
    {
        lock (_gate)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var context = ContextLocked();
                if (context == null) return [];
                try
                {
                    return context.ListReaders();
                }
                catch (PcscException e)
                {
                    // pcscd restarted or went away: the context is dead; try one fresh context.
                    Log.Error("slots", $"listing readers: {e.Message}");
                    DropContextLocked();
                }
            }
            return [];
        }
    }

    public (bool CardPresent, uint EventCounter) Status(string reader)
    {
        lock (_gate)
        {
            var context = ContextLocked();
            if (context == null) return (false, 0);
            var states = new[] { new ReaderState(reader) };
            var rv = context.GetStatusChange(TimeSpan.Zero, states);
            if (rv == PcscError.Success || rv == PcscError.Timeout)
            {
                var present = (states[0].EventFlags & ReaderStates.Present) != 0 && (states[0].EventFlags & ReaderStates.Mute) == 0;
                return (present, states[0].EventState >> 16);
            }
            Log.Debug("slots", $"status of {reader}: {PcscError.Describe(rv)}");
            if (PcscError.MeansNoService(rv) || rv == PcscError.InvalidHandle) DropContextLocked();
            return (false, 0);
        }
    }

    public ICardTransport Connect(string reader) => PcscCardTransport.Connect(reader);

    private PcscContext? ContextLocked()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _context ??= PcscContext.TryEstablish(out _);
    }

    private void DropContextLocked()
    {
        _context?.Dispose();
        _context = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            DropContextLocked();
        }
    }
}
