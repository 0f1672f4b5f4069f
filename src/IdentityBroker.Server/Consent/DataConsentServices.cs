using IdentityBroker.Server.Account;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.SignIn;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Consent;

/// <summary>Registers R-CONSENT-1: the consent text and its options, the sign-in gate and its protected state, revocation.</summary>
internal static class DataConsentServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<BrokerOptions>, DataConsentOptionsValidator>();
        services.AddSingleton<DataConsentText>();
        services.AddSingleton<DataConsentProtector>();
        services.AddSingleton<DataConsentGate>();
        services.AddSingleton<DataConsentRevocation>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        DataConsentEndpoint.Map(routes);
        AccountEndpoints.Map(routes);
    }
}
