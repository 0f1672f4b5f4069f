using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class SessionClientConfiguration : IEntityTypeConfiguration<SessionClientEntity>
{
    public void Configure(EntityTypeBuilder<SessionClientEntity> builder)
    {
        builder.ToTable("session_clients");
        builder.HasKey(e => new { e.SessionId, e.ClientId });

        // deleting an expired session (the cleaner) removes its clients
        builder.HasOne<BrokerSessionEntity>()
            .WithMany()
            .HasForeignKey(e => e.SessionId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
