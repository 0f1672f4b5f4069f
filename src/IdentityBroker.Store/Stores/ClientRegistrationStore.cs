using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IClientRegistrationStore"/>: a sync under a transaction-level advisory lock.</summary>
internal sealed class ClientRegistrationStore(IDbContextFactory<BrokerDbContext> contextFactory) : IClientRegistrationStore
{
    public async Task<ClientSyncResult> SyncAsync(IReadOnlyList<ClientRegistration> clients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.ClientRegistrations})", cancellationToken).ConfigureAwait(false);

        var existing = await db.ClientRegistrations.ToDictionaryAsync(e => e.ClientId, cancellationToken).ConfigureAwait(false);
        int added = 0, updated = 0, removed = 0;
        foreach (var client in clients)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client.RegionCode + "\n" + client.Definition)));
            if (!existing.TryGetValue(client.ClientId, out var row))
            {
                db.ClientRegistrations.Add(new ClientRegistrationEntity
                {
                    ClientId = client.ClientId, RegionCode = client.RegionCode, Definition = client.Definition, DefinitionHash = hash,
                    CreatedAt = utcNow, UpdatedAt = utcNow,
                });
                added++;
            }
            else if (row.DefinitionHash != hash || row.RemovedAt is not null)
            {
                row.RegionCode = client.RegionCode;
                row.Definition = client.Definition;
                row.DefinitionHash = hash;
                row.UpdatedAt = utcNow;
                row.RemovedAt = null;
                updated++;
            }
        }

        var configured = clients.Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);
        foreach (var row in existing.Values.Where(r => r.RemovedAt is null && !configured.Contains(r.ClientId)))
        {
            row.RemovedAt = utcNow;
            removed++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ClientSyncResult(added, updated, removed);
    }

    public async Task<IReadOnlyList<ClientRegistration>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.ClientRegistrations.AsNoTracking().OrderBy(e => e.ClientId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new ClientRegistration(r.ClientId, r.RegionCode, r.Definition, r.UpdatedAt, r.RemovedAt)).ToList();
    }
}
