using SharpSC.PCSC.Native;

namespace SharpSC.PCSC;

/// <summary>A connection to the card in one reader (SCARDHANDLE).</summary>
public sealed class PcscCard : IDisposable
{
    // Largest response: extended Le (65536) plus SW1 SW2.
    private const int ReceiveBufferSize = 65536 + 2;

    private readonly IPcscNative _native;
    private readonly object _receiveGate = new();
    private byte[]? _receive;
    private readonly ShareMode _share;
    private nint _handle;
    private bool _disposed;

    internal PcscCard(IPcscNative native, nint handle, string readerName, ShareMode share, CardProtocols protocol)
    {
        _native = native;
        _handle = handle;
        _share = share;
        ReaderName = readerName;
        Protocol = protocol;
    }

    public string ReaderName { get; }

    public CardProtocols Protocol { get; private set; }

    /// <summary>Sends one APDU; throws <see cref="PcscException"/> with the SCARD code on failure.</summary>
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        // One receive buffer per connection, not 64 KiB of garbage per APDU; the answer part is wiped
        // after it is copied (it may be a deciphered secret).
        lock (_receiveGate)
        {
            var buffer = _receive ??= new byte[ReceiveBufferSize];
            var received = 0;
            try
            {
                var rv = _native.Transmit(Handle, Protocol, command, buffer, out received);
                if (rv != PcscError.Success) throw new PcscException("SCardTransmit", rv);
                return buffer.AsSpan(0, received).ToArray();
            }
            finally
            {
                buffer.AsSpan(0, Math.Clamp(received, 0, buffer.Length)).Clear();
            }
        }
    }

    public uint BeginTransaction() => _native.BeginTransaction(Handle);

    public uint EndTransaction(Disposition disposition = Disposition.Leave) => _native.EndTransaction(Handle, disposition);

    /// <summary>Re-establishes the connection after the card was reset (or resets it).</summary>
    public void Reconnect(Disposition initialization = Disposition.Leave)
    {
        var rv = _native.Reconnect(Handle, _share, CardProtocols.Any, initialization, out var active);
        if (rv != PcscError.Success) throw new PcscException("SCardReconnect", rv);
        Protocol = active;
    }

    /// <summary>Card state and ATR; the SCARD code is returned so callers can tell reset from removal.</summary>
    public uint TryGetStatus(out CardStatus status)
    {
        var rv = _native.Status(Handle, out var state, out var protocol, out var atr);
        status = new CardStatus(state, protocol, atr);
        return rv;
    }

    /// <summary>SCardControl with the platform's SCARD_CTL_CODE(function).</summary>
    public uint Control(uint function, ReadOnlySpan<byte> input, out byte[] output)
    {
        var buffer = new byte[1024];
        var rv = _native.Control(Handle, _native.ControlCode(function), input, buffer, out var n);
        output = buffer.AsSpan(0, n).ToArray();
        return rv;
    }

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _native.Disconnect(_handle, Disposition.Leave);
        _handle = 0;
    }
}
