using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class ConsentRequestConfiguration : IEntityTypeConfiguration<ConsentRequestEntity>
{
    /// <summary>The partial unique index: one pending request per child and region (R-CONSENT-3); also the pending lookup.</summary>
    public const string PendingIndex = "ux_consent_requests_pending";

    public void Configure(EntityTypeBuilder<ConsentRequestEntity> builder)
    {
        builder.ToTable("consent_requests");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => new { e.RegionCode, e.ChildAccountId })
            .HasDatabaseName(PendingIndex)
            .IsUnique()
            .HasFilter("status = 'pending'");
    }
}
