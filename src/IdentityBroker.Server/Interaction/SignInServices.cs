using IdentityBroker.Server.Interaction.Steps;

namespace IdentityBroker.Server.Interaction;

/// <summary>Registers the sign-in interaction: the steps in their order's classes, the runner and the page renderer.</summary>
internal static class SignInServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<EsiaStep>();
        services.AddSingleton<DecideStep>();
        services.AddSingleton<ChooseAccountStep>();
        services.AddSingleton<ManualLinkStep>();
        services.AddSingleton<LinkStep>();
        services.AddSingleton<PasswordFallbackStep>();
        services.AddSingleton<ParentalConsentStep>();
        services.AddSingleton<DataConsentStep>();
        services.AddSingleton<FinishStep>();
        services.AddSingleton<SignInInteraction>();
        services.AddSingleton<SignInPages>();
        services.AddSingleton<CredentialsEndpoints.Handler>();
    }
}
