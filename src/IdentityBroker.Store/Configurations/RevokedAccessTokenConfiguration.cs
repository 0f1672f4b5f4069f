using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessTokenEntity>
{
    public void Configure(EntityTypeBuilder<RevokedAccessTokenEntity> builder)
    {
        builder.ToTable("revoked_access_tokens");
        builder.HasKey(e => e.Jti);

        // for the cleanup of revocations of tokens that have expired anyway
        builder.HasIndex(e => e.ExpiresAt);
    }
}
