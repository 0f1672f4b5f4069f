using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshTokenEntity>
{
    public void Configure(EntityTypeBuilder<RefreshTokenEntity> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.HasKey(e => e.TokenHash);
        builder.Property(e => e.Amr).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.ProtectedSuccessor).HasColumnType("bytea");

        // family revocation (reuse detected), logout, consent revocation
        builder.HasIndex(e => e.FamilyId);
        builder.HasIndex(e => e.SessionId);
        builder.HasIndex(e => new { e.RegionCode, e.Subject });

        // for the cleanup of expired tokens
        builder.HasIndex(e => e.ExpiresAt);
    }
}
