using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>Registers one <see cref="ProtectedFormState{T}"/> per form carried through the browser, each under its <see cref="FormStatePurpose"/>.</summary>
internal static class FormStateServices
{
    public static void Add(IServiceCollection services)
    {
        Register<PendingRegionChoice>(services, FormStatePurpose.RegionChoice);
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
