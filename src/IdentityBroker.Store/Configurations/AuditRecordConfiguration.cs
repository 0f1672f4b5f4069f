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
        builder.HasIndex(e => new { e.EsiaSubjectHash, e.At });
    }
}
