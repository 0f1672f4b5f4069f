using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class PushedAuthorizationRequestConfiguration : IEntityTypeConfiguration<PushedAuthorizationRequestEntity>
{
    public void Configure(EntityTypeBuilder<PushedAuthorizationRequestEntity> builder)
    {
        builder.ToTable("pushed_authorization_requests");
        builder.HasKey(e => e.RequestUriHash);
        builder.Property(e => e.Request).HasColumnType("jsonb").IsRequired();

        // for the cleanup of unused requests
        builder.HasIndex(e => e.ExpiresAt);
    }
}
