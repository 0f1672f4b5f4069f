using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Directory;

/// <summary>Upserts validated accounts batch by batch inside the importer's transaction, counting what changed.</summary>
internal sealed class DirectoryImportWriter(BrokerDbContext db, string regionCode, DateTimeOffset now)
{
    public int Inserted { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public async Task WriteBatchAsync(IReadOnlyList<ValidatedAccount> batch, List<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        var ids = batch.Select(a => a.Account.Id).ToList();
        var logins = batch.Select(a => a.Account.Login).ToList();
        var existing = await db.DiaryAccounts
            .Where(a => a.RegionCode == regionCode && ids.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken)
            .ConfigureAwait(false);
        var loginOwners = await db.DiaryAccounts
            .AsNoTracking()
            .Where(a => a.RegionCode == regionCode && logins.Contains(a.Login))
            .Select(a => new { a.Login, a.Id })
            .ToDictionaryAsync(a => a.Login, a => a.Id, StringComparer.Ordinal, cancellationToken)
            .ConfigureAwait(false);
        var relations = (await db.DiaryRelations
                .Where(r => r.RegionCode == regionCode && ids.Contains(r.ParentId))
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false))
            .ToLookup(r => r.ParentId, StringComparer.Ordinal);

        foreach (var row in batch)
        {
            var incoming = row.Account;

            // Another account already holds the login. Also refused when that account changes its login later in the
            // same file (a swap): applying both in one pass could break the unique index halfway.
            if (loginOwners.TryGetValue(incoming.Login, out var owner) && owner != incoming.Id)
            {
                rejected.Add(new RejectedRow(row.Line, $"line {row.Line}: login: already used by another account"));
                continue;
            }

            var storedChildren = relations[incoming.Id].Select(r => r.ChildId).Order(StringComparer.Ordinal).ToList();
            var childrenChanged = !storedChildren.SequenceEqual(row.ChildIds, StringComparer.Ordinal);
            if (!existing.TryGetValue(incoming.Id, out var stored))
            {
                incoming.ImportedAt = now;
                incoming.UpdatedAt = now;
                db.DiaryAccounts.Add(incoming);
                Inserted++;
            }
            else if (Apply(incoming, stored) || childrenChanged)
            {
                stored.UpdatedAt = now;
                Updated++;
            }
            else
            {
                Unchanged++;
                continue;
            }

            if (childrenChanged)
            {
                db.DiaryRelations.RemoveRange(relations[incoming.Id]);
                db.DiaryRelations.AddRange(row.ChildIds.Select(c => new DiaryRelationEntity { RegionCode = regionCode, ParentId = incoming.Id, ChildId = c }));
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    /// <summary>Copies the imported fields onto the stored row; true if anything differed. Leaves the password hash alone.</summary>
    private static bool Apply(DiaryAccountEntity incoming, DiaryAccountEntity stored)
    {
        var same = stored.Login == incoming.Login
            && stored.LastName == incoming.LastName
            && stored.FirstName == incoming.FirstName
            && stored.MiddleName == incoming.MiddleName
            && stored.NormalizedName == incoming.NormalizedName
            && stored.BirthDate == incoming.BirthDate
            && stored.Gender == incoming.Gender
            && stored.SnilsHash == incoming.SnilsHash
            && stored.BirthCertificateHash == incoming.BirthCertificateHash
            && stored.Roles.SequenceEqual(incoming.Roles, StringComparer.Ordinal)
            && DiaryAccountMapper.SchoolsFromJson(stored.Schools).SequenceEqual(DiaryAccountMapper.SchoolsFromJson(incoming.Schools))
            && stored.Activated == incoming.Activated;
        if (same)
        {
            return false;
        }

        stored.Login = incoming.Login;
        stored.LastName = incoming.LastName;
        stored.FirstName = incoming.FirstName;
        stored.MiddleName = incoming.MiddleName;
        stored.NormalizedName = incoming.NormalizedName;
        stored.BirthDate = incoming.BirthDate;
        stored.Gender = incoming.Gender;
        stored.SnilsHash = incoming.SnilsHash;
        stored.BirthCertificateHash = incoming.BirthCertificateHash;
        stored.Roles = incoming.Roles;
        stored.Schools = incoming.Schools;
        stored.Activated = incoming.Activated;
        return true;
    }
}
