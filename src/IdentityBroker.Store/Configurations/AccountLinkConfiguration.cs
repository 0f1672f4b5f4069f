using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityBroker.Store.Configurations;

internal sealed class AccountLinkConfiguration : IEntityTypeConfiguration<AccountLinkEntity>
{
    public void Configure(EntityTypeBuilder<AccountLinkEntity> builder)
    {
        builder.ToTable("account_links");

        // The key is the unique (region_code, esia_subject_hash, diary_account_id) that ON CONFLICT targets. Its
        // btree also serves lookups by (region_code, esia_subject_hash) as a prefix; the separate index below makes
        // that access path explicit and keeps it if the key ever changes.
        builder.HasKey(e => new { e.RegionCode, e.EsiaSubjectHash, e.DiaryAccountId });
        builder.HasIndex(e => new { e.RegionCode, e.EsiaSubjectHash });

        // for unlinking when a diary account disappears (R-MATCH-7)
        builder.HasIndex(e => new { e.RegionCode, e.DiaryAccountId });
    }
}
