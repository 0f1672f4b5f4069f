using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class PendingSignInConfiguration : IEntityTypeConfiguration<PendingSignInEntity>
{
    public void Configure(EntityTypeBuilder<PendingSignInEntity> builder)
    {
        builder.ToTable("pending_sign_ins");
        builder.HasKey(e => e.EsiaState);
        builder.Property(e => e.EsiaState).ValueGeneratedNever();
        builder.Property(e => e.BrowserBindingHash).IsRequired();
        builder.Property(e => e.Request).HasColumnType("jsonb").IsRequired();

        // for the cleanup of abandoned sign-ins
        builder.HasIndex(e => e.ExpiresAt);
    }
}
