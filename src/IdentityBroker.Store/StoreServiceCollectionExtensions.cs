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

        services.TryAddSingleton(_ => CreateDataSource(connectionString));
        services.AddPooledDbContextFactory<BrokerDbContext>((sp, options) =>
            BrokerDbContextOptions.Configure(options, sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<BrokerDbContext>>().CreateDbContext());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Core.Interaction.ISignInTransactionStore, SignInTransactionStore>();
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

    /// <summary>Default for <c>Max Auto Prepare</c> when the connection string does not set it.</summary>
    internal const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The broker's data source, with two defaults a connection string may override (issue #11, docs/benchmarks.md):
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=64</c>: every statement used at least 5 times on a physical connection is prepared
    /// there, so PostgreSQL parses and plans the token endpoint's statements once per connection, not once per grant.</item>
    /// <item><c>No Reset On Close=true</c>: no <c>DISCARD ALL</c> when a connection goes back to the pool (it would also
    /// drop the prepared statements). Safe because nothing leaves session state on a pooled connection: locks are
    /// transaction-scoped (<c>pg_advisory_xact_lock</c>) except the migrator's session lock, which it unlocks explicitly
    /// on its own connection; temporary tables are <c>ON COMMIT DROP</c>; no code runs <c>SET</c> or <c>LISTEN</c>.
    /// Keep it that way, or set <c>No Reset On Close=false</c>.</item>
    /// </list>
    /// </summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // the keys as written (NpgsqlConnectionStringBuilder.ContainsKey is true for every keyword it knows, set or not)
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!given.Contains("MAXAUTOPREPARE"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!given.Contains("NORESETONCLOSE"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
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
