using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class LinkAttemptConfiguration : IEntityTypeConfiguration<LinkAttemptEntity>
{
    public void Configure(EntityTypeBuilder<LinkAttemptEntity> builder)
    {
        // The key is what INSERT … ON CONFLICT (key) serialises parallel attempts on (R-MATCH-6).
        builder.ToTable("link_attempts");
        builder.HasKey(e => e.Key);
    }
}
