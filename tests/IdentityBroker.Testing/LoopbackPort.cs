using System.Net;
using System.Net.Sockets;

namespace IdentityBroker.Testing;

/// <summary>
/// A loopback TCP port for a server a test starts later. Ports are taken BELOW the kernel's ephemeral range
/// (/proc/sys/net/ipv4/ip_local_port_range): a port handed out by binding to port 0 lies inside that range, and an
/// outgoing connection (to PostgreSQL, between test servers) may take it between the check and the server's bind —
/// which made the suite fail now and then with "address already in use". Each process starts at a random offset and
/// walks upwards, so parallel test assemblies rarely meet; a port is handed out only after a successful trial bind.
/// </summary>
public static class LoopbackPort
{
    private const int Floor = 15000;
    private static readonly int Ceiling = EphemeralRangeStart() - 1;
    private static int _next = Floor + Random.Shared.Next(Math.Max(1, Ceiling - Floor));

    public static int Next()
    {
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var candidate = Floor + ((Interlocked.Increment(ref _next) - Floor) % (Ceiling - Floor));
            if (IsFree(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Floor} and {Ceiling}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            var start = int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
            return start > Floor + 1000 ? start : 32768;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
