using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Directory;
using IdentityBroker.Store.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace IdentityBroker.Store;

/// <summary>Registers the PostgreSQL store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NpgsqlDataSource"/>, a pooled <see cref="IDbContextFactory{TContext}"/> of
    /// <see cref="BrokerDbContext"/> (plus a scoped <see cref="BrokerDbContext"/> from it, for admin handlers and Data
    /// Protection), every Core store interface, <see cref="DatabaseMigrator"/>, <see cref="DirectoryImporter"/> and
    /// <see cref="ExpiredStateCleaner"/>.
    /// </summary>
    public static IServiceCollection AddBrokerStore(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddPooledDbContextFactory<BrokerDbContext>((sp, options) =>
            BrokerDbContextOptions.Configure(options, sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<BrokerDbContext>>().CreateDbContext());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPendingSignInStore, PendingSignInStore>();
        services.TryAddSingleton<IAuthorizationCodeStore, AuthorizationCodeStore>();
        services.TryAddSingleton<IAccountLinkStore, AccountLinkStore>();
        services.TryAddSingleton<IDiaryDirectory, DiaryDirectory>();
        services.TryAddSingleton<IAuditLog, AuditLog>();
        services.TryAddSingleton<ISigningKeyStore, SigningKeyStore>();
        services.TryAddSingleton<IClientRegistrationStore, ClientRegistrationStore>();
        services.TryAddSingleton<IRefreshTokenStore, RefreshTokenStore>();
        services.TryAddSingleton<IRevokedTokenStore, RevokedTokenStore>();
        services.TryAddSingleton<ISessionStore, SessionStore>();
        services.TryAddSingleton<IOutbox, Outbox>();
        services.TryAddSingleton<IPushedRequestStore, PushedRequestStore>();
        services.TryAddSingleton<IReplayCache, ReplayCache>();
        services.TryAddSingleton<ILinkAttemptStore, LinkAttemptStore>();
        services.TryAddSingleton<IDataConsentStore, DataConsentStore>();
        services.TryAddSingleton<IParentalConsentStore, ParentalConsentStore>();
        services.TryAddSingleton<IFamilyRelationStore, FamilyRelationStore>();
        services.TryAddSingleton<IUnitOfWork, StoreUnitOfWork>();
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<DirectoryImporter>();
        services.TryAddSingleton<ExpiredStateCleaner>();
        return services;
    }

    /// <summary>
    /// Keeps the Data Protection key ring in <c>broker.data_protection_keys</c>, shared by every replica. Requires
    /// <see cref="AddBrokerStore"/>. Set the same <c>SetApplicationName</c> on every replica as well.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToBrokerStore(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.PersistKeysToDbContext<BrokerDbContext>();
    }
}
