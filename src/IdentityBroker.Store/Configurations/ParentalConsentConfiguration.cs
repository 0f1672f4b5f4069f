using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class ParentalConsentConfiguration : IEntityTypeConfiguration<ParentalConsentEntity>
{
    /// <summary>The partial unique index: one active consent per child and region (R-CONSENT-2).</summary>
    public const string ActiveIndex = "ux_parental_consents_active";

    public void Configure(EntityTypeBuilder<ParentalConsentEntity> builder)
    {
        builder.ToTable("parental_consents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.HasIndex(e => new { e.RegionCode, e.ChildAccountId })
            .HasDatabaseName(ActiveIndex)
            .IsUnique()
            .HasFilter("revoked_at IS NULL");
    }
}
