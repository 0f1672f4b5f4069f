using IdentityBroker.Store.Configurations;
using IdentityBroker.Store.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store;

/// <summary>
/// The broker's PostgreSQL database: schema <c>broker</c>, snake_case names. Operational state goes through the Core
/// store interfaces (<c>Stores/</c>); admin handlers may use the sets directly. Also holds the ASP.NET Core Data
/// Protection key ring, so every replica shares it and a sign-in started on one replica can finish on another.
/// </summary>
public sealed class BrokerDbContext(DbContextOptions<BrokerDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The PostgreSQL schema holding every table, including the migrations history.</summary>
    public const string Schema = "broker";

    /// <summary>The EF Core migrations history table (in <see cref="Schema"/>).</summary>
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public DbSet<SignInTransactionEntity> SignInTransactions => Set<SignInTransactionEntity>();

    public DbSet<AuthorizationCodeEntity> AuthorizationCodes => Set<AuthorizationCodeEntity>();

    public DbSet<AccountLinkEntity> AccountLinks => Set<AccountLinkEntity>();

    public DbSet<DiaryAccountEntity> DiaryAccounts => Set<DiaryAccountEntity>();

    public DbSet<DiaryRelationEntity> DiaryRelations => Set<DiaryRelationEntity>();

    public DbSet<AuditRecordEntity> AuditRecords => Set<AuditRecordEntity>();

    public DbSet<SigningKeyEntity> SigningKeys => Set<SigningKeyEntity>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<RefreshTokenEntity> RefreshTokens => Set<RefreshTokenEntity>();

    public DbSet<RevokedAccessTokenEntity> RevokedAccessTokens => Set<RevokedAccessTokenEntity>();

    public DbSet<BrokerSessionEntity> BrokerSessions => Set<BrokerSessionEntity>();

    public DbSet<SessionClientEntity> SessionClients => Set<SessionClientEntity>();

    public DbSet<OutboxMessageEntity> OutboxMessages => Set<OutboxMessageEntity>();

    public DbSet<PushedAuthorizationRequestEntity> PushedAuthorizationRequests => Set<PushedAuthorizationRequestEntity>();

    public DbSet<ReplayEntryEntity> ReplayEntries => Set<ReplayEntryEntity>();

    public DbSet<ClientRegistrationEntity> ClientRegistrations => Set<ClientRegistrationEntity>();

    public DbSet<LinkAttemptEntity> LinkAttempts => Set<LinkAttemptEntity>();

    public DbSet<DataConsentEntity> DataConsents => Set<DataConsentEntity>();

    public DbSet<ParentalConsentEntity> ParentalConsents => Set<ParentalConsentEntity>();

    public DbSet<ConsentRequestEntity> ConsentRequests => Set<ConsentRequestEntity>();

    public DbSet<FamilyRelationEntity> FamilyRelations => Set<FamilyRelationEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new SignInTransactionConfiguration());
        modelBuilder.ApplyConfiguration(new AuthorizationCodeConfiguration());
        modelBuilder.ApplyConfiguration(new AccountLinkConfiguration());
        modelBuilder.ApplyConfiguration(new DiaryAccountConfiguration());
        modelBuilder.ApplyConfiguration(new DiaryRelationConfiguration());
        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration());
        modelBuilder.ApplyConfiguration(new SigningKeyConfiguration());
        modelBuilder.ApplyConfiguration(new ClientRegistrationConfiguration());
        modelBuilder.ApplyConfiguration(new DataProtectionKeyConfiguration());
        modelBuilder.ApplyConfiguration(new RefreshTokenConfiguration());
        modelBuilder.ApplyConfiguration(new RevokedAccessTokenConfiguration());
        modelBuilder.ApplyConfiguration(new BrokerSessionConfiguration());
        modelBuilder.ApplyConfiguration(new SessionClientConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new PushedAuthorizationRequestConfiguration());
        modelBuilder.ApplyConfiguration(new ReplayEntryConfiguration());
        modelBuilder.ApplyConfiguration(new LinkAttemptConfiguration());
        modelBuilder.ApplyConfiguration(new DataConsentConfiguration());
        modelBuilder.ApplyConfiguration(new ParentalConsentConfiguration());
        modelBuilder.ApplyConfiguration(new ConsentRequestConfiguration());
        modelBuilder.ApplyConfiguration(new FamilyRelationConfiguration());
    }
}
