using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class FamilyRelationConfiguration : IEntityTypeConfiguration<FamilyRelationEntity>
{
    public void Configure(EntityTypeBuilder<FamilyRelationEntity> builder)
    {
        // The key serves the parent's children (a prefix); the index serves a child's parents (R-CONSENT-6).
        builder.ToTable("family_relations");
        builder.HasKey(e => new { e.RegionCode, e.ParentEsiaSubjectHash, e.ChildAccountId });
        builder.HasIndex(e => new { e.RegionCode, e.ChildAccountId });
    }
}
