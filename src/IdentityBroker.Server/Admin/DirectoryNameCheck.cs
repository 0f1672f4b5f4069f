using IdentityBroker.Core.Matching;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Admin;

/// <summary>
/// Issue #10 item 8 (R-MATCH-4, R-ERR-1): the diary accounts of the looked-up person whose diary name mixes Cyrillic and
/// Latin letters — the usual cause of a data_mismatch or no_diary_account that looks inexplicable to staff (a Latin "е"
/// typed on an English layout). The person's accounts are those with the SNILS asked about, those with the birth date asked
/// about and the same or a look-alike name (<see cref="NameResemblance"/>), and those the attempts name. Ids only.
/// </summary>
internal sealed class DirectoryNameCheck(IDiaryDirectory directory, PersonalDataHasher hasher)
{
    public async Task<IReadOnlyList<string>> MixedScriptAccountsAsync(DiagnosticsQuery query, IReadOnlyList<AuditRecord> attempts, CancellationToken cancellationToken)
    {
        var region = query.RegionCode;
        var accounts = query switch
        {
            BySnils s => (await directory.FindBySnilsHashAsync(region, hasher.HashSnils(s.Snils), cancellationToken)).ToList(),
            ByNameAndBirthDate n => (await directory.FindByBirthDateAsync(region, n.BirthDate, cancellationToken))
                .Where(a => a.Name.Normalized == n.Name.Normalized || NameResemblance.Resembles(a.Name, n.Name)).ToList(),
            _ => [],
        };
        foreach (var id in attempts.Select(a => a.DiaryAccountId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await directory.GetAsync(region, id, cancellationToken) is { } account)
            {
                accounts.Add(account);
            }
        }

        return accounts.Where(a => NameScripts.MixesCyrillicAndLatin(a.Name)).Select(a => a.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
