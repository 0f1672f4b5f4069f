using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Logout;

/// <summary>Registers logout: end-session endpoint services, the back-channel logout sender (delivered by Delivery/), options validation.</summary>
internal static class LogoutServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<BrokerOptions>, LogoutOptionsValidator>();
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

/// <summary>Start-up validation of <see cref="LogoutOptions"/> (<c>IdentityBroker:Logout</c>).</summary>
internal sealed class LogoutOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        const string p = BrokerOptions.SectionName + ":Logout:";
        var o = options.Logout;
        var errors = new List<string>();
        foreach (var (value, key) in new[]
                 {
                     (o.BackChannelPollInterval, "BackChannelPollInterval"), (o.BackChannelAttemptTimeout, "BackChannelAttemptTimeout"),
                     (o.BackChannelMaxBackoff, "BackChannelMaxBackoff"), (o.BackChannelGiveUpAfter, "BackChannelGiveUpAfter"),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{p}{key} must be a positive duration such as 00:00:02.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
