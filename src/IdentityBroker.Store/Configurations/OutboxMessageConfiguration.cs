using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessageEntity>
{
    public void Configure(EntityTypeBuilder<OutboxMessageEntity> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.Property(e => e.Payload).HasColumnType("text").IsRequired();
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();

        // what ClaimDue scans: only pending messages are indexed
        builder.HasIndex(e => e.NextAttemptAt)
            .HasDatabaseName("ix_outbox_messages_pending_next_attempt_at")
            .HasFilter("delivered_at IS NULL AND failed_at IS NULL");
    }
}
