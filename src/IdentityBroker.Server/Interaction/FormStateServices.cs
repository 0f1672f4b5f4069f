using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Interaction.Consent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>Registers one <see cref="ProtectedFormState{T}"/> per sign-in form, each under its <see cref="FormStatePurpose"/>.</summary>
internal static class FormStateServices
{
    public static void Add(IServiceCollection services)
    {
        Register<PendingAccountChoice>(services, FormStatePurpose.AccountChoice);
        Register<PendingRegionChoice>(services, FormStatePurpose.RegionChoice);
        Register<PendingManualLink>(services, FormStatePurpose.ManualLink);
        Register<PendingPasswordFallback>(services, FormStatePurpose.PasswordFallback);
        Register<PendingParentSignIn>(services, FormStatePurpose.ParentStep);
        Register<PendingDataConsent>(services, FormStatePurpose.DataConsent);
    }

    private static void Register<T>(IServiceCollection services, FormStatePurpose purpose)
        where T : class =>
        services.AddSingleton(sp => new ProtectedFormState<T>(
            purpose,
            sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<IReplayCache>(),
            sp.GetRequiredService<IOptions<BrokerOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
}
