using System.Net.Sockets;
using SharpSC.VirtualCard.Link;
using SharpSC.VirtualCard.Logging;

namespace SharpSC.VirtualCard.Vpcd;

/// <summary>
/// Keeps the card inserted in a vpcd reader: connects as a TCP client (retrying while vpcd is down),
/// answers vpcd's control messages and APDUs, reconnects when pcscd restarts, and can be told to remove
/// or insert the card. A card that leaves the reader loses power, as a real one does.
/// Only the thread in <see cref="Run"/> touches the connection; the others (signals, control requests)
/// ask it to end, and it notices within <see cref="VpcdClientOptions.WakeInterval"/> at the latest, so
/// that a stop is never stuck in a socket call.
/// </summary>
public sealed class VpcdClient(CardLink link, VpcdClientOptions options, Action<string> log) : IDisposable
{
    private static readonly TimeSpan SilenceWarning = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly ManualResetEventSlim _wanted = new(true);
    private readonly ManualResetEventSlim _insertedSignal = new(false);
    private readonly ManualResetEventSlim _disconnected = new(true);
    private CancellationTokenSource? _session;
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

    /// <summary>Runs until <paramref name="cancel"/> fires; then the card is out of the reader and powered down.</summary>
    public void Run(CancellationToken cancel)
    {
        var waitingLogged = false;
        while (!cancel.IsCancellationRequested)
        {
            if (!_wanted.IsSet)
            {
                WaitHandle.WaitAny([_wanted.WaitHandle, cancel.WaitHandle]);
                continue;
            }
            using var session = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            _disconnected.Reset();
            lock (_gate) _session = session;
            if (!_wanted.IsSet) session.Cancel(); // removed while this session was being set up
            var socket = TryConnect(session.Token);
            if (socket == null)
            {
                EndSession();
                _disconnected.Set();
                if (cancel.IsCancellationRequested) break;
                if (!waitingLogged) log($"waiting for vpcd on {options.Endpoint} (is pcscd running with vpcd?)");
                waitingLogged = true;
                cancel.WaitHandle.WaitOne(options.RetryInterval);
                continue;
            }
            waitingLogged = false;
            (string Reason, bool ByFault) end;
            using (socket)
            using (session.Token.Register(() => Wake(socket)))
                end = Session(socket, session.Token, cancel);
            EndSession();
            link.Card.PowerOff();
            bool wasInserted;
            lock (_gate)
            {
                wasInserted = _inserted;
                _inserted = false;
                _insertedSignal.Reset();
            }
            if (wasInserted) Removed?.Invoke(end.Reason);
            else if (!cancel.IsCancellationRequested && _wanted.IsSet) log($"connection to vpcd on {options.Endpoint} ended before the card was inserted: {end.Reason}");
            _disconnected.Set();
            if (end.ByFault) cancel.WaitHandle.WaitOne(options.ReinsertDelay);
            else if (_wanted.IsSet && !cancel.IsCancellationRequested) cancel.WaitHandle.WaitOne(options.RetryInterval);
        }
    }

    /// <summary>Takes the card out of the reader and keeps it out; returns once it is out (powered down, <see cref="Removed"/> raised).</summary>
    public void Remove()
    {
        _wanted.Reset();
        lock (_gate) _session?.Cancel();
        _disconnected.Wait(options.MessageTimeout);
    }

    /// <summary>Puts the card back; true once vpcd has accepted it within <paramref name="timeout"/>.</summary>
    public bool Insert(TimeSpan timeout)
    {
        _wanted.Set();
        return _insertedSignal.Wait(timeout);
    }

    public void Dispose()
    {
        lock (_gate) _session?.Cancel();
        _wanted.Dispose();
        _insertedSignal.Dispose();
        _disconnected.Dispose();
    }

    private void EndSession()
    {
        lock (_gate) _session = null;
    }

    /// <summary>
    /// Wakes the Run thread out of a blocking receive at once (shutdown makes recv return; the socket is
    /// closed by its owner). The periodic readiness check is the safety net if this does not help.
    /// </summary>
    private static void Wake(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private Socket? TryConnect(CancellationToken session)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(session);
            attempt.CancelAfter(options.ConnectTimeout);
            socket.ConnectAsync(options.Host, options.Port, attempt.Token).AsTask().GetAwaiter().GetResult();
            if (options.TcpTuning) TcpTuning.Apply(socket);
            socket.ReceiveTimeout = socket.SendTimeout = (int)options.MessageTimeout.TotalMilliseconds;
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            return null;
        }
    }

    private (string Reason, bool ByFault) Session(Socket socket, CancellationToken session, CancellationToken cancel)
    {
        try
        {
            if (!WaitForMessage(socket, session, SilenceWarning) && !session.IsCancellationRequested)
                log($"connected to vpcd on {options.Endpoint}, but it has not asked for the ATR within {SilenceWarning.TotalSeconds:0} s; is another card already in this reader?");
            while (WaitForMessage(socket, session, Timeout.InfiniteTimeSpan))
            {
                var message = VpcdProtocol.Read(socket, options.TcpTuning);
                if (message == null) return (session.IsCancellationRequested ? Ending(cancel) : "vpcd closed the connection", false);
                MarkInserted();
                if (message.Length == 1)
                {
                    Control(socket, message[0]);
                    continue;
                }
                if (message.Length == 0) continue;
                if (Apdu(socket, message, session)) return ("a fault rule dropped the connection", true);
            }
            return (Ending(cancel), false);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            return (session.IsCancellationRequested ? Ending(cancel) : $"connection lost: {e.Message}", false);
        }
    }

    private static string Ending(CancellationToken cancel) => cancel.IsCancellationRequested ? "shutting down" : "removed on request";

    /// <summary>
    /// Waits until a message (or the end of the connection) can be read; false when the session ends first
    /// or <paramref name="limit"/> passes. Polls in short slices so that an ending session is always noticed.
    /// </summary>
    private bool WaitForMessage(Socket socket, CancellationToken session, TimeSpan limit)
    {
        var deadline = limit == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + limit;
        while (!session.IsCancellationRequested)
        {
            if (socket.Poll(options.WakeInterval, SelectMode.SelectRead)) return !session.IsCancellationRequested;
            if (DateTime.UtcNow >= deadline) return false;
        }
        return false;
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
    private bool Apdu(Socket socket, byte[] command, CancellationToken session)
    {
        if (options.TraceApdus) log(ApduTrace.Command(command));
        var outcome = link.Exchange(command, session);
        if (outcome.Response != null)
        {
            if (options.TraceApdus) log(ApduTrace.Response(command, outcome.Response));
            var frame = VpcdProtocol.Frame(outcome.Response);
            socket.Send(frame, 0, Math.Min(outcome.SendBytes ?? frame.Length, frame.Length), SocketFlags.None);
        }
        else if (options.TraceApdus)
        {
            log(session.IsCancellationRequested ? "< (no answer: the card left the reader)" : "< (no answer: fault rule)");
        }
        return outcome.CloseAfter;
    }
}
