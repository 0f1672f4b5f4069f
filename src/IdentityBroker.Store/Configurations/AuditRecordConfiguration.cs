using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecordEntity>
{
    public void Configure(EntityTypeBuilder<AuditRecordEntity> builder)
    {
        builder.ToTable("audit_records");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.HasIndex(e => e.ReferenceNumber);

        // FindByPersonAsync (R-ERR-1): one index per person key, each read newest first within a region
        builder.HasIndex(e => new { e.RegionCode, e.EsiaSubjectHash, e.At });
        builder.HasIndex(e => new { e.RegionCode, e.PersonSnilsHash, e.At });
        builder.HasIndex(e => new { e.RegionCode, e.PersonNameBirthHash, e.At });

        // retention: DeleteOlderThanAsync picks the oldest rows by at
        builder.HasIndex(e => e.At);
    }
}
