using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Interaction;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>Registers R-CONSENT-1: the consent text and its options, the sign-in gate (revocation: Account/AccountServices).</summary>
internal static class DataConsentServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<BrokerOptions>, DataConsentOptionsValidator>();
        services.AddSingleton<DataConsentText>();
        services.AddSingleton<DataConsentGate>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        DataConsentEndpoint.Map(routes);
    }
}
