using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Admin;

/// <summary>
/// R-ERR-1: finds ONE person's audit records in ONE region by the keyed hashes the sign-in stored on them
/// (<see cref="AuditRecord.PersonSnilsHash"/>, <see cref="AuditRecord.PersonNameBirthHash"/>). By reference number: the
/// referenced record must be of the region; when it carries person keys, that person's recent records (by SNILS and the
/// ESIA account, or by name and birth date when ESIA gave no SNILS), else that record alone — never anyone else's.
/// </summary>
internal sealed class DiagnosticsLookup(IAuditLog audit, PersonalDataHasher hasher)
{
    /// <summary>The records, newest first; null when a reference number is unknown in the region.</summary>
    public async Task<IReadOnlyList<AuditRecord>?> FindAsync(DiagnosticsQuery query, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var region = query.RegionCode;
        PersonAuditKeys keys;
        switch (query)
        {
            case BySnils s:
                keys = new PersonAuditKeys(hasher.HashSnils(s.Snils), null, null);
                break;
            case ByNameAndBirthDate n:
                keys = new PersonAuditKeys(null, hasher.HashNameAndBirthDate(n.Name, n.BirthDate), null);
                break;
            case ByReference r:
                var referenced = (await audit.FindByReferenceAsync(r.ReferenceNumber, cancellationToken)).FirstOrDefault(x => x.RegionCode == region);
                if (referenced is null)
                {
                    return null;
                }

                if (referenced.PersonSnilsHash is null && referenced.PersonNameBirthHash is null)
                {
                    return [referenced]; // ESIA named nobody (e.g. refused at ESIA): only the attempt itself
                }

                keys = referenced.PersonSnilsHash is { } snilsHash
                    ? new PersonAuditKeys(snilsHash, null, referenced.EsiaSubjectHash)
                    : new PersonAuditKeys(null, referenced.PersonNameBirthHash, referenced.EsiaSubjectHash);
                break;
            default:
                throw new InvalidOperationException("unknown lookup");
        }

        var records = await audit.FindByPersonAsync(region, keys, since, max, cancellationToken);
        return records.Where(x => x.RegionCode == region).OrderByDescending(x => x.At).ToList(); // the store already filters; kept explicit
    }
}
