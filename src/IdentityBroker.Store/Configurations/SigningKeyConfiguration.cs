using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKeyEntity>
{
    public void Configure(EntityTypeBuilder<SigningKeyEntity> builder)
    {
        builder.ToTable("signing_keys");
        builder.HasKey(e => e.KeyId);
        builder.Property(e => e.PublicJwk).IsRequired();
        builder.Property(e => e.ProtectedPrivateKey).HasColumnType("bytea").IsRequired();
    }
}
