using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class DataConsentConfiguration : IEntityTypeConfiguration<DataConsentEntity>
{
    /// <summary>The partial unique index: one active consent per person and region (R-CONSENT-1).</summary>
    public const string ActiveIndex = "ux_data_consents_active";

    public void Configure(EntityTypeBuilder<DataConsentEntity> builder)
    {
        builder.ToTable("data_consents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.HasIndex(e => new { e.RegionCode, e.EsiaSubjectHash })
            .HasDatabaseName(ActiveIndex)
            .IsUnique()
            .HasFilter("revoked_at IS NULL");
    }
}
