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

        // The SNILS HMAC as its 32 bytes, not 64 hex characters: the largest index of the table (1 GB at 10 million
        // accounts as text) roughly halves, so more of it stays cached for the R-MATCH-2 lookup. The entity keeps the hex
        // string PersonalDataHasher produces; the conversion happens in the query parameter and the result row.
        builder.Property(e => e.SnilsHash)
            .HasColumnType("bytea")
            .HasConversion(hex => Convert.FromHexString(hex!), bytes => Convert.ToHexStringLower(bytes));

        // the lookups behind R-MATCH-2/3. (region, name, birth date) serves the name lookup and the existence check (its
        // prefix) AND the R-MATCH-3 probe by name and date in one descent: a popular name has thousands of accounts at
        // 10 million, which a (region, name) index would read and filter (docs/benchmarks.md, "Diary directory").
        builder.HasIndex(e => new { e.RegionCode, e.SnilsHash });
        builder.HasIndex(e => new { e.RegionCode, e.NormalizedName, e.BirthDate });
        builder.HasIndex(e => new { e.RegionCode, e.BirthDate });
        builder.HasIndex(e => new { e.RegionCode, e.Login }).IsUnique();
    }
}
