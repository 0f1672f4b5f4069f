using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// Registers R-CONSENT-1: the consent text (its options are validated with the others, Configuration/BrokerOptionsValidators).
/// The sign-in's step is Steps/DataConsentStep; revocation is Account/AccountServices.
/// </summary>
internal static class DataConsentServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<DataConsentText>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        DataConsentEndpoint.Map(routes);
    }
}
