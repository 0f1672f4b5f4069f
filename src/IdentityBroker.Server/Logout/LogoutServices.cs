namespace IdentityBroker.Server.Logout;

/// <summary>Registers logout: end-session endpoint services, the back-channel logout sender (delivered by Delivery/); its options are validated by Configuration/LogoutOptionsValidator.</summary>
internal static class LogoutServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IdTokenHintValidator>();
        services.AddSingleton<EndSessionRequestValidator>();
        services.AddSingleton<SessionTerminator>();
        services.AddSingleton<LogoutReturnProtector>();
        services.AddSingleton<LogoutCompletion>();
        services.AddSingleton<LogoutTokenFactory>();
        Delivery.DeliveryServices.AddSender<BackChannelLogoutSender>(services);
        services.AddHttpClient(BackChannelLogoutSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // the Polly pipeline times out each attempt
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a 3xx is not a delivery (§2.8), and following it would let a client point us elsewhere
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                SslOptions = { EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13 },
            });
    }
}
