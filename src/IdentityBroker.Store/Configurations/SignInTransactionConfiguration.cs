using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class SignInTransactionConfiguration : IEntityTypeConfiguration<SignInTransactionEntity>
{
    public void Configure(EntityTypeBuilder<SignInTransactionEntity> builder)
    {
        // The table and key column keep their names from before the steps (pending_sign_ins, esia_state): the migration
        // that added the steps only adds columns with defaults, so the release before it keeps working during an upgrade.
        builder.ToTable("pending_sign_ins");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("esia_state").ValueGeneratedNever();
        builder.Property(e => e.BrowserBindingHash).IsRequired();
        builder.Property(e => e.Request).HasColumnType("jsonb").IsRequired();
        builder.Property(e => e.Step).HasMaxLength(32).IsRequired().HasDefaultValue("esia");
        builder.Property(e => e.Version).IsRequired().HasDefaultValue(0);
        builder.Property(e => e.Progress).HasColumnType("jsonb");

        // for the cleanup of abandoned sign-ins
        builder.HasIndex(e => e.ExpiresAt);
    }
}
