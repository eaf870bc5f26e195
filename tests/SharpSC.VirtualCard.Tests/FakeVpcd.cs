using System.Net;
using System.Net.Sockets;

namespace SharpSC.VirtualCard.Tests;

/// <summary>
/// Plays vpcd's side of the link on a loopback port: accepts the card's connection and sends control
/// messages and APDUs framed as vpcd does, the length and the body in two separate writes.
/// </summary>
internal sealed class FakeVpcd : IDisposable
{
    private readonly TcpListener _listener;
    private Socket? _card;

    public FakeVpcd(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A free loopback port nobody listens on (yet).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Accept(TimeSpan? timeout = null)
    {
        var accept = _listener.AcceptSocketAsync();
        if (!accept.Wait(timeout ?? TimeSpan.FromSeconds(10))) throw new TimeoutException("the card did not connect");
        _card?.Dispose();
        _card = accept.Result;
        _card.ReceiveTimeout = 10_000;
    }

    public void Control(byte code) => Send([code]);

    public byte[] GetAtr()
    {
        Control(0x04);
        return Receive();
    }

    public byte[] Transmit(byte[] apdu)
    {
        Send(apdu);
        return Receive();
    }

    /// <summary>Sends an APDU without waiting for the answer.</summary>
    public void SendApdu(byte[] apdu) => Send(apdu);

    /// <summary>The answer to an APDU sent before.</summary>
    public byte[] ReceiveAnswer() => Receive();

    /// <summary>True when the card sent something (or closed the connection) within <paramref name="wait"/>.</summary>
    public bool AnythingArrives(TimeSpan wait) => Card.Poll(wait, SelectMode.SelectRead);

    /// <summary>Reads whatever arrives until the card closes the connection.</summary>
    public byte[] ReadUntilClosed()
    {
        var all = new List<byte>();
        var buffer = new byte[1024];
        int n;
        while ((n = Card.Receive(buffer)) > 0) all.AddRange(buffer[..n]);
        return [.. all];
    }

    public void Disconnect()
    {
        _card?.Shutdown(SocketShutdown.Both);
        _card?.Dispose();
        _card = null;
    }

    public void Dispose()
    {
        _card?.Dispose();
        _listener.Stop();
    }

    private Socket Card => _card ?? throw new InvalidOperationException("no card connected");

    private void Send(byte[] payload)
    {
        Card.Send([(byte)(payload.Length >> 8), (byte)payload.Length]);
        Card.Send(payload);
    }

    private byte[] Receive()
    {
        var header = ReceiveExactly(2);
        return ReceiveExactly(header[0] << 8 | header[1]);
    }

    private byte[] ReceiveExactly(int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = Card.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0) throw new IOException("the card closed the connection");
            read += n;
        }
        return buffer;
    }
}
