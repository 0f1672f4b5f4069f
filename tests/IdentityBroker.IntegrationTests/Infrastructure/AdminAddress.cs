namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// Where the admin APIs (directory sync, admin read API) are served. Today that is the broker's one listener; when they
/// move to the management listener, only this method changes.
/// </summary>
internal static class AdminAddress
{
    public static string Of(SliceEnvironment slice) => slice.BrokerUrl;
}
