using System.Net;
using System.Net.Sockets;

namespace SharpSC.TestSupport;

/// <summary>A free high TCP port on 127.0.0.1 for a server a test starts (sshd, openssl s_server).</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
