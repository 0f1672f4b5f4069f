using IdentityBroker.Testing;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>A port for a test server, outside the ephemeral range (see <see cref="LoopbackPort"/>).</summary>
internal static class FreePort
{
    public static int Next() => LoopbackPort.Next();
}
