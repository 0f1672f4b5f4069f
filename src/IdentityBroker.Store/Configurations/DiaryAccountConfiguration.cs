using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class DiaryAccountConfiguration : IEntityTypeConfiguration<DiaryAccountEntity>
{
    public void Configure(EntityTypeBuilder<DiaryAccountEntity> builder)
    {
        builder.ToTable("diary_accounts");
        builder.HasKey(e => new { e.RegionCode, e.Id });
        builder.Property(e => e.Roles).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.Schools).HasColumnType("jsonb").IsRequired();
        builder.Property(e => e.BirthDate).HasColumnType("date");

        // the lookups behind R-MATCH-2/3
        builder.HasIndex(e => new { e.RegionCode, e.SnilsHash });
        builder.HasIndex(e => new { e.RegionCode, e.NormalizedName });
        builder.HasIndex(e => new { e.RegionCode, e.BirthDate });
        builder.HasIndex(e => new { e.RegionCode, e.Login }).IsUnique();
    }
}
