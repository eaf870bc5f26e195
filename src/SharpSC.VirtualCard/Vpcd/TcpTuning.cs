using System.Net.Sockets;

namespace SharpSC.VirtualCard.Vpcd;

/// <summary>
/// vpcd writes the 2-byte length and the APDU in two send() calls. With Nagle on vpcd's side and delayed
/// ACKs on ours, the second part waits for our ACK, costing ~40 ms per APDU. TCP_NODELAY and, on Linux,
/// TCP_QUICKACK (which the kernel clears again, so it is re-armed after every receive) avoid that.
/// </summary>
public static class TcpTuning
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    public static void Apply(Socket socket)
    {
        socket.NoDelay = true;
        RearmQuickAck(socket);
    }

    public static void RearmQuickAck(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, BitConverter.GetBytes(1));
        }
        catch (SocketException)
        {
            // Not fatal: only latency suffers.
        }
    }
}
