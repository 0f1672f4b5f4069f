using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class DiaryRelationConfiguration : IEntityTypeConfiguration<DiaryRelationEntity>
{
    public void Configure(EntityTypeBuilder<DiaryRelationEntity> builder)
    {
        // No foreign keys to diary_accounts: a file may name a child before (or without) the child's own row, and the
        // import replaces a parent's relations as a whole.
        builder.ToTable("diary_relations");
        builder.HasKey(e => new { e.RegionCode, e.ParentId, e.ChildId });

        // a child's parents: whom a consent request is addressed to (R-CONSENT-3)
        builder.HasIndex(e => new { e.RegionCode, e.ChildId });
    }
}
