namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// Where the admin APIs (directory sync, admin read API, staff diagnostics) are served: the broker's management listener
/// (Hosting/ManagementEndpoints.cs), never the public one.
/// </summary>
internal static class AdminAddress
{
    public static string Of(SliceEnvironment slice) => slice.ManagementUrl;
}
