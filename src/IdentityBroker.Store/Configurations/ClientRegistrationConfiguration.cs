using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class ClientRegistrationConfiguration : IEntityTypeConfiguration<ClientRegistrationEntity>
{
    public void Configure(EntityTypeBuilder<ClientRegistrationEntity> builder)
    {
        builder.ToTable("client_registrations");
        builder.HasKey(e => e.ClientId);
        builder.Property(e => e.RegionCode).IsRequired();
        builder.Property(e => e.Definition).HasColumnType("jsonb").IsRequired();
        builder.Property(e => e.DefinitionHash).IsRequired();
        builder.HasIndex(e => e.RegionCode);
    }
}
