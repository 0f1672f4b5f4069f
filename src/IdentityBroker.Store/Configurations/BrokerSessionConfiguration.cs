using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class BrokerSessionConfiguration : IEntityTypeConfiguration<BrokerSessionEntity>
{
    public void Configure(EntityTypeBuilder<BrokerSessionEntity> builder)
    {
        builder.ToTable("broker_sessions");
        builder.HasKey(e => e.SessionId);
        builder.Property(e => e.Amr).HasColumnType("text[]").IsRequired();

        // active sessions of a diary account (consent revocation ends them all)
        builder.HasIndex(e => new { e.RegionCode, e.Subject });

        // for the cleanup of expired sessions
        builder.HasIndex(e => e.ExpiresAt);
    }
}
