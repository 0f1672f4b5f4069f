using IdentityBroker.Server.Ui;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Interaction;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>Registers R-CONSENT-1: the consent text and its options. The step is Steps/DataConsentStep (revocation: Account/AccountServices).</summary>
internal static class DataConsentServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<BrokerOptions>, DataConsentOptionsValidator>();
        services.AddSingleton<DataConsentText>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        DataConsentEndpoint.Map(routes);
    }
}
