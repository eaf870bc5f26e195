using System.Net.Sockets;
using SharpSC.VirtualCard.Link;
using SharpSC.VirtualCard.Logging;

namespace SharpSC.VirtualCard.Vpcd;

/// <summary>
/// Keeps the card inserted in a vpcd reader: connects as a TCP client (retrying while vpcd is down),
/// answers vpcd's control messages and APDUs, reconnects when pcscd restarts, and can be told to remove
/// or insert the card. A card that leaves the reader loses power, as a real one does.
/// </summary>
public sealed class VpcdClient(CardLink link, VpcdClientOptions options, Action<string> log) : IDisposable
{
    private static readonly TimeSpan SilenceWarning = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly ManualResetEventSlim _wanted = new(true);
    private readonly ManualResetEventSlim _insertedSignal = new(false);
    private Socket? _socket;
    private bool _inserted;

    /// <summary>Raised when vpcd has accepted the card (its first message on a new connection).</summary>
    public event Action? Inserted;

    /// <summary>Raised when the card left the reader, with the reason.</summary>
    public event Action<string>? Removed;

    public bool IsInserted
    {
        get
        {
            lock (_gate) return _inserted;
        }
    }

    /// <summary>Runs until <paramref name="cancel"/> fires.</summary>
    public void Run(CancellationToken cancel)
    {
        using var registration = cancel.Register(CloseSocket);
        var waitingLogged = false;
        while (!cancel.IsCancellationRequested)
        {
            if (!_wanted.IsSet)
            {
                WaitHandle.WaitAny([_wanted.WaitHandle, cancel.WaitHandle]);
                continue;
            }
            var socket = TryConnect();
            if (socket == null)
            {
                if (!waitingLogged) log($"waiting for vpcd on {options.Endpoint} (is pcscd running with vpcd?)");
                waitingLogged = true;
                cancel.WaitHandle.WaitOne(options.RetryInterval);
                continue;
            }
            waitingLogged = false;
            lock (_gate) _socket = socket;
            if (!_wanted.IsSet || cancel.IsCancellationRequested) CloseSocket();
            var (reason, byFault) = Session(socket, cancel);
            CloseSocket();
            link.Card.PowerOff();
            bool wasInserted;
            lock (_gate)
            {
                wasInserted = _inserted;
                _inserted = false;
                _insertedSignal.Reset();
            }
            if (wasInserted) Removed?.Invoke(reason);
            else if (!cancel.IsCancellationRequested && _wanted.IsSet) log($"connection to vpcd on {options.Endpoint} ended before the card was inserted: {reason}");
            if (byFault) cancel.WaitHandle.WaitOne(options.ReinsertDelay);
            else if (_wanted.IsSet && !cancel.IsCancellationRequested) cancel.WaitHandle.WaitOne(options.RetryInterval);
        }
    }

    /// <summary>Takes the card out of the reader and keeps it out.</summary>
    public void Remove()
    {
        _wanted.Reset();
        CloseSocket();
    }

    /// <summary>Puts the card back; true once vpcd has accepted it within <paramref name="timeout"/>.</summary>
    public bool Insert(TimeSpan timeout)
    {
        _wanted.Set();
        return _insertedSignal.Wait(timeout);
    }

    public void Dispose()
    {
        CloseSocket();
        _wanted.Dispose();
        _insertedSignal.Dispose();
    }

    private Socket? TryConnect()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(options.Host, options.Port);
            if (options.TcpTuning) TcpTuning.Apply(socket);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    private (string Reason, bool ByFault) Session(Socket socket, CancellationToken cancel)
    {
        try
        {
            if (!socket.Poll(SilenceWarning, SelectMode.SelectRead))
                log($"connected to vpcd on {options.Endpoint}, but it has not asked for the ATR within {SilenceWarning.TotalSeconds:0} s; is another card already in this reader?");
            while (true)
            {
                var message = VpcdProtocol.Read(socket, options.TcpTuning);
                if (message == null) return ("vpcd closed the connection", false);
                MarkInserted();
                if (message.Length == 1)
                {
                    Control(socket, message[0]);
                    continue;
                }
                if (message.Length == 0) continue;
                if (Apdu(socket, message)) return ("a fault rule dropped the connection", true);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            var reason = cancel.IsCancellationRequested ? "shutting down" : _wanted.IsSet ? $"connection lost: {e.Message}" : "removed on request";
            return (reason, false);
        }
    }

    private void MarkInserted()
    {
        lock (_gate)
        {
            if (_inserted) return;
            _inserted = true;
            _insertedSignal.Set();
        }
        Inserted?.Invoke();
    }

    private void Control(Socket socket, byte code)
    {
        var card = link.Card;
        switch (code)
        {
            case VpcdProtocol.PowerOff:
                card.PowerOff();
                break;
            case VpcdProtocol.PowerOn:
                card.PowerOn();
                break;
            case VpcdProtocol.Reset:
                card.Reset();
                break;
            case VpcdProtocol.GetAtr:
                socket.Send(VpcdProtocol.Frame(card.Atr));
                break;
            default:
                log($"ignoring unknown vpcd control message {code:X2}");
                break;
        }
    }

    /// <summary>Answers one APDU; true when the connection must be closed (fault rule).</summary>
    private bool Apdu(Socket socket, byte[] command)
    {
        if (options.TraceApdus) log(ApduTrace.Command(command));
        var outcome = link.Exchange(command);
        if (outcome.Delay > TimeSpan.Zero) Thread.Sleep(outcome.Delay);
        if (outcome.Response != null)
        {
            if (options.TraceApdus) log(ApduTrace.Response(command, outcome.Response));
            var frame = VpcdProtocol.Frame(outcome.Response);
            socket.Send(frame, 0, Math.Min(outcome.SendBytes ?? frame.Length, frame.Length), SocketFlags.None);
        }
        else if (options.TraceApdus)
        {
            log("< (no answer: fault rule)");
        }
        return outcome.CloseAfter;
    }

    private void CloseSocket()
    {
        Socket? s;
        lock (_gate)
        {
            s = _socket;
            _socket = null;
        }
        if (s == null) return;
        try
        {
            s.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        s.Dispose();
    }
}
