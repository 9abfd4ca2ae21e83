using System.Net;
using System.Net.Sockets;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on, so parallel test silos never collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
