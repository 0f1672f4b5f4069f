using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class AuthorizationCodeConfiguration : IEntityTypeConfiguration<AuthorizationCodeEntity>
{
    public void Configure(EntityTypeBuilder<AuthorizationCodeEntity> builder)
    {
        builder.ToTable("authorization_codes");
        builder.HasKey(e => e.CodeHash);
        builder.Property(e => e.Amr).HasColumnType("text[]").IsRequired();

        // for the cleanup of expired codes (a consumed code stays until it expires, to recognise replays)
        builder.HasIndex(e => e.ExpiresAt);
    }
}
