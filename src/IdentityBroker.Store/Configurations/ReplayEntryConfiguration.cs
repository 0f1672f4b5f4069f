using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class ReplayEntryConfiguration : IEntityTypeConfiguration<ReplayEntryEntity>
{
    public void Configure(EntityTypeBuilder<ReplayEntryEntity> builder)
    {
        builder.ToTable("replay_entries");
        builder.HasKey(e => e.Key);

        // for the cleanup of expired entries
        builder.HasIndex(e => e.ExpiresAt);
    }
}
